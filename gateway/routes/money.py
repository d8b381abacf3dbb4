"""Money routes: payments, deliveries, returns, invoices, refunds and the credit situation
(O3, O6). Deliveries and returns are read by staff and, their own only, by a portal
customer ("where is my parcel"): another's is not found, whether it exists or not."""

from __future__ import annotations

from crm_common.contracts.order.after_sales import DeliveriesPageOut, ReturnsPageOut
from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.deliveries import DeliveryIn, ShippedOut
from crm_common.contracts.order.invoices import InvoiceOut, InvoicePaymentOut, OrderPaymentOut, PaymentIn
from crm_common.contracts.order.returns import RefundOut, ReturnIn, ReturnOut
from crm_common.errors import NotFound
from gateway.audit import decode_cursor, encode_cursor
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route

# staff, and a portal customer for their own deliveries and returns
OWN = (*STAFF, "customer")
PAGED = {"cursor": "next_cursor of the previous page", "limit": "at most this many (50, at most 200)"}


class MoneyRoutes(Routes):
    @route(
        "POST",
        "/api/orders/<int:order_id>/payments",
        summary="Register a payment in advance",
        tag="money",
        roles=STAFF,
        body=PaymentIn,
        response=OrderPaymentOut,
        status=201,
        errors=(404, 409),
    )
    def pay_order(self, req, order_id):
        return call(self.order, "pay_order", order_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/orders/<int:order_id>/deliveries",
        summary="Ship what is in stock, with carrier and tracking number, and invoice it",
        tag="money",
        roles=STAFF,
        body=DeliveryIn,
        response=ShippedOut,
        status=201,
        errors=(404, 409),
    )
    def ship_order(self, req, order_id):
        return call(self.order, "ship_order", order_id, req.body)

    @route(
        "POST",
        "/api/orders/<int:order_id>/returns",
        summary="Goods returned: credit note, and a refund of what was paid",
        tag="money",
        roles=STAFF,
        body=ReturnIn,
        response=ReturnOut,
        status=201,
        errors=(404,),
    )
    def return_goods(self, req, order_id):
        return call(self.order, "return_goods", order_id, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/invoices",
        summary="A customer's invoices and credit notes",
        tag="money",
        roles=STAFF,
        response=InvoiceOut,
        many=True,
        query={"limit": "at most this many (50)"},
    )
    def list_invoices(self, req, customer_id):
        return call(self.order, "list_invoices", customer_id, query_limit(req.args.get("limit"), 50))

    @route(
        "GET",
        "/api/invoices/<int:invoice_id>",
        summary="One invoice or credit note",
        tag="money",
        roles=STAFF,
        response=InvoiceOut,
        errors=(404,),
    )
    def get_invoice(self, req, invoice_id):
        return call(self.order, "get_invoice", invoice_id)

    @route(
        "POST",
        "/api/invoices/<int:invoice_id>/payments",
        summary="Register an invoice payment; more than owed becomes a refund",
        tag="money",
        roles=STAFF,
        body=PaymentIn,
        response=InvoicePaymentOut,
        status=201,
        errors=(404,),
    )
    def pay_invoice(self, req, invoice_id):
        return call(self.order, "pay_invoice", invoice_id, req.body, req.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/refunds",
        summary="Refunds owed to or paid to a customer",
        tag="money",
        roles=STAFF,
        response=RefundOut,
        many=True,
    )
    def list_refunds(self, req, customer_id):
        return call(self.order, "list_refunds", customer_id)

    @route(
        "POST",
        "/api/refunds/<int:refund_id>/paid",
        summary="Mark a refund paid out",
        tag="money",
        roles=SUPERVISOR,
        response=RefundOut,
        errors=(404, 409),
    )
    def pay_refund(self, req, refund_id):
        return call(self.order, "pay_refund", refund_id, req.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/credit",
        summary="Credit limit, open balance and overdue amounts by age",
        tag="money",
        roles=STAFF,
        response=CreditOut,
        errors=(404,),
    )
    def credit_situation(self, req, customer_id):
        return call(self.order, "credit_situation", customer_id)

    @route(
        "GET",
        "/api/orders/<int:order_id>/deliveries",
        summary="An order's deliveries, newest first, with carrier, tracking number and link",
        tag="money",
        roles=OWN,
        response=DeliveriesPageOut,
        query=PAGED,
        errors=(404,),
    )
    def list_order_deliveries(self, req, order_id):
        """`tracking_url` is the carrier's tracking page for a carrier we know, else null.
        A portal customer reads their own orders' only."""
        return self._page(req, "list_deliveries", _owner(req), order_id)

    @route(
        "GET",
        "/api/orders/<int:order_id>/returns",
        summary="An order's returns, newest first: lines with reasons, credit note, refund",
        tag="money",
        roles=OWN,
        response=ReturnsPageOut,
        query=PAGED,
        errors=(404,),
    )
    def list_order_returns(self, req, order_id):
        return self._page(req, "list_returns", _owner(req), order_id)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/deliveries",
        summary="A customer's deliveries, newest first, with carrier, tracking number and link",
        tag="money",
        roles=OWN,
        response=DeliveriesPageOut,
        query=PAGED,
        errors=(404,),
    )
    def list_customer_deliveries(self, req, customer_id):
        return self._page(req, "list_deliveries", _own(req, customer_id), None)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/returns",
        summary="A customer's returns, newest first: lines with reasons, credit note, refund",
        tag="money",
        roles=OWN,
        response=ReturnsPageOut,
        query=PAGED,
        errors=(404,),
    )
    def list_customer_returns(self, req, customer_id):
        return self._page(req, "list_returns", _own(req, customer_id), None)

    def _page(self, req, method: str, customer_id: int | None, order_id: int | None) -> dict:
        cursor = req.args.get("cursor") or None
        before = decode_cursor(cursor) if cursor else None
        limit = min(query_limit(req.args.get("limit"), 50), 200)
        page = call(self.order, method, customer_id, order_id, before, limit)
        more = page["more"] and page["items"]
        return {
            "items": page["items"],
            "next_cursor": encode_cursor(page["items"][-1]["id"]) if more else None,
        }


def _owner(req) -> int | None:
    """Whose objects the caller may read: a portal customer's own, staff anyone's (None)."""
    if req.principal.role != "customer":
        return None
    if req.principal.customer_id is None:  # a customer's token names them; never read as staff
        raise NotFound("you have no orders with us", {"customer_id": "not found"})
    return req.principal.customer_id


def _own(req, customer_id: int) -> int:
    """The customer id of the path, when the caller may read that customer's: a portal
    customer only their own, another is not found."""
    if req.principal.role == "customer" and req.principal.customer_id != customer_id:
        raise NotFound(f"customer {customer_id} does not exist", {"customer_id": "not found"})
    return customer_id

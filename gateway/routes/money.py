"""Money routes: payments, deliveries, returns, invoices, refunds and the credit situation
(O3, O6)."""

from __future__ import annotations

from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.deliveries import DeliveryIn, ShippedOut
from crm_common.contracts.order.invoices import InvoiceOut, InvoicePaymentOut, OrderPaymentOut, PaymentIn
from crm_common.contracts.order.returns import RefundOut, ReturnIn, ReturnOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route


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

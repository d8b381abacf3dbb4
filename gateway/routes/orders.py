"""Order routes: the catalogue, order entry, offers, and the money after the order
(O1–O6)."""

from __future__ import annotations

from crm_common.contracts import order as o
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes.roles import ADMIN, SUPERVISOR
from gateway.routing import json_response, query_limit, route
from gateway.tables import FORMAT_QUERY, table

SHOP = ("shop", *STAFF)


def period(args: dict) -> dict:
    return {k: args[k] for k in ("from", "to") if k in args}


INVOICE_COLUMNS = [
    "id",
    "kind",
    "order_id",
    "customer_id",
    "currency",
    "amount",
    "vat_total",
    "paid",
    "credited",
    "open_amount",
    "issued_on",
    "due_on",
]


class OrdersRoutes:
    # -- catalogue ----------------------------------------------------------------------

    @route(
        "POST",
        "/api/products",
        summary="Add a product",
        tag="products",
        roles=ADMIN,
        body=o.ProductCreate,
        response=o.ProductOut,
        status=201,
        errors=(409,),
    )
    def create_product(self, c):
        return call(self.order, "create_product", c.body)

    @route(
        "GET",
        "/api/products",
        summary="Products with stock, reserved and restock",
        tag="products",
        roles=STAFF,
        response=o.ProductOut,
        many=True,
        query={"group": "only this product group"},
    )
    def list_products(self, c):
        return call(self.order, "list_products", c.args.get("group"))

    @route(
        "PATCH",
        "/api/products/<sku>",
        summary="Change a product; a later restock date tells the waiting orders",
        tag="products",
        roles=SUPERVISOR,
        body=o.ProductUpdate,
        response=o.ProductOut,
        errors=(404,),
    )
    def update_product(self, c, sku):
        return call(self.order, "update_product", sku, c.body)

    @route(
        "POST",
        "/api/products/<sku>/stock",
        summary="Goods received; waiting order lines get them first",
        tag="products",
        roles=SUPERVISOR,
        body=o.StockReceived,
        response=o.StockReceivedOut,
        errors=(404,),
    )
    def receive_stock(self, c, sku):
        return call(self.order, "receive_stock", sku, c.body)

    @route(
        "PUT",
        "/api/products/week",
        summary="Set the product of the week",
        tag="products",
        roles=SUPERVISOR,
        body=o.WeekProductIn,
        response=o.WeekProductOut,
        errors=(404,),
    )
    def set_week_product(self, c):
        return call(self.order, "set_week_product", c.body)

    @route(
        "GET",
        "/api/products/suggestions",
        summary="Upsell: bought together with these, and the product of the week",
        tag="products",
        roles=SHOP,
        response=o.SuggestionsOut,
        query={"skus": "the basket, comma-separated"},
    )
    def suggestions(self, c):
        skus = [s.strip() for s in c.args.get("skus", "").split(",") if s.strip()]
        return call(self.order, "suggestions", skus)

    @route(
        "GET",
        "/api/delivery-methods",
        summary="Delivery methods and their prices",
        tag="products",
        roles=SHOP,
        response=o.DeliveryMethodOut,
        many=True,
    )
    def list_delivery_methods(self, c):
        return call(self.order, "list_delivery_methods")

    @route(
        "POST",
        "/api/delivery-methods",
        summary="Add a delivery method",
        tag="products",
        roles=ADMIN,
        body=o.DeliveryMethodIn,
        response=o.DeliveryMethodOut,
        status=201,
        errors=(409,),
    )
    def create_delivery_method(self, c):
        return call(self.order, "create_delivery_method", c.body)

    # -- order entry --------------------------------------------------------------------

    @route(
        "POST",
        "/api/orders/preview",
        summary="What an order would cost and when it ships, without booking it",
        tag="orders",
        roles=STAFF,
        body=o.OrderPreviewIn,
        response=o.OrderPreviewOut,
    )
    def preview_order(self, c):
        return call(self.order, "preview_order", c.body)

    @route(
        "POST",
        "/api/orders",
        summary="Place an order; each line ships now or says when",
        tag="orders",
        roles=STAFF,
        body=o.OrderCreate,
        response=o.OrderOut,
        status=201,
    )
    def place_order(self, c):
        """The agent placing it is the order's seller (sales statistics)."""
        return call(self.order, "place_order", c.body, c.principal.username)

    @route(
        "POST",
        "/api/web-orders",
        summary="An order from a web shop, with the customer matched on the way in",
        tag="orders",
        roles=SHOP,
        body=o.WebOrderIn,
        response=o.OrderOut,
        status=201,
        errors=(202,),
        raw=True,
    )
    def place_web_order(self, c):
        """The shop sends its `X-API-Key`. 201 with the placed order; 202 with status
        held_for_review when the customer looks like one already in the register or the
        address is flagged — the order goes ahead (or is cancelled) when an agent decides
        the review."""
        order = call(self.order, "place_web_order", c.body)
        return json_response(202 if order["status"] == "held_for_review" else 201, order)

    @route(
        "GET",
        "/api/orders/<int:order_id>",
        summary="One order",
        tag="orders",
        roles=STAFF,
        response=o.OrderOut,
        errors=(404,),
    )
    def get_order(self, c, order_id):
        return call(self.order, "get_order", order_id)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/orders",
        summary="A customer's orders, newest first",
        tag="orders",
        roles=STAFF,
        response=o.OrderOut,
        many=True,
        query={"limit": "at most this many (50)"},
    )
    def list_orders(self, c, customer_id):
        return call(self.order, "list_orders", customer_id, query_limit(c.args.get("limit"), 50))

    @route(
        "POST",
        "/api/orders/<int:order_id>/cancel",
        summary="Cancel an order before it ships",
        tag="orders",
        roles=STAFF,
        response=o.OrderOut,
        errors=(404, 409),
    )
    def cancel_order(self, c, order_id):
        return call(self.order, "cancel_order", order_id, c.principal.username)

    @route(
        "POST",
        "/api/orders/<int:order_id>/approval",
        summary="Approve or refuse an order over the credit limit",
        tag="orders",
        roles=SUPERVISOR,
        body=o.ApprovalIn,
        response=o.OrderOut,
        errors=(404, 409),
    )
    def decide_approval(self, c, order_id):
        return call(self.order, "decide_approval", order_id, c.body, c.principal.username)

    # -- offers -------------------------------------------------------------------------

    @route(
        "POST",
        "/api/offers",
        summary="Make an offer to a customer (or everyone); it applies when they order",
        tag="orders",
        roles=STAFF,
        body=o.OfferCreate,
        response=o.OfferOut,
        status=201,
    )
    def make_offer(self, c):
        return call(self.order, "make_offer", c.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/offers",
        summary="Offers made to a customer",
        tag="orders",
        roles=STAFF,
        response=o.OfferOut,
        many=True,
    )
    def list_offers(self, c, customer_id):
        return call(self.order, "list_offers", customer_id)

    # -- after the order ----------------------------------------------------------------

    @route(
        "POST",
        "/api/orders/<int:order_id>/payments",
        summary="Register a payment in advance",
        tag="money",
        roles=STAFF,
        body=o.PaymentIn,
        response=o.OrderPaymentOut,
        status=201,
        errors=(404, 409),
    )
    def pay_order(self, c, order_id):
        return call(self.order, "pay_order", order_id, c.body, c.principal.username)

    @route(
        "POST",
        "/api/orders/<int:order_id>/deliveries",
        summary="Ship what is in stock, with carrier and tracking number, and invoice it",
        tag="money",
        roles=STAFF,
        body=o.DeliveryIn,
        response=o.ShippedOut,
        status=201,
        errors=(404, 409),
    )
    def ship_order(self, c, order_id):
        return call(self.order, "ship_order", order_id, c.body)

    @route(
        "POST",
        "/api/orders/<int:order_id>/returns",
        summary="Goods returned: credit note, and a refund of what was paid",
        tag="money",
        roles=STAFF,
        body=o.ReturnIn,
        response=o.ReturnOut,
        status=201,
        errors=(404,),
    )
    def return_goods(self, c, order_id):
        return call(self.order, "return_goods", order_id, c.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/invoices",
        summary="A customer's invoices and credit notes",
        tag="money",
        roles=STAFF,
        response=o.InvoiceOut,
        many=True,
        query={"limit": "at most this many (50)"},
    )
    def list_invoices(self, c, customer_id):
        return call(self.order, "list_invoices", customer_id, query_limit(c.args.get("limit"), 50))

    @route(
        "GET",
        "/api/invoices/<int:invoice_id>",
        summary="One invoice or credit note",
        tag="money",
        roles=STAFF,
        response=o.InvoiceOut,
        errors=(404,),
    )
    def get_invoice(self, c, invoice_id):
        return call(self.order, "get_invoice", invoice_id)

    @route(
        "POST",
        "/api/invoices/<int:invoice_id>/payments",
        summary="Register an invoice payment; more than owed becomes a refund",
        tag="money",
        roles=STAFF,
        body=o.PaymentIn,
        response=o.InvoicePaymentOut,
        status=201,
        errors=(404,),
    )
    def pay_invoice(self, c, invoice_id):
        return call(self.order, "pay_invoice", invoice_id, c.body, c.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/refunds",
        summary="Refunds owed to or paid to a customer",
        tag="money",
        roles=STAFF,
        response=o.RefundOut,
        many=True,
    )
    def list_refunds(self, c, customer_id):
        return call(self.order, "list_refunds", customer_id)

    @route(
        "POST",
        "/api/refunds/<int:refund_id>/paid",
        summary="Mark a refund paid out",
        tag="money",
        roles=SUPERVISOR,
        response=o.RefundOut,
        errors=(404, 409),
    )
    def pay_refund(self, c, refund_id):
        return call(self.order, "pay_refund", refund_id, c.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/credit",
        summary="Credit limit, open balance and overdue amounts by age",
        tag="money",
        roles=STAFF,
        response=o.CreditOut,
        errors=(404,),
    )
    def credit_situation(self, c, customer_id):
        return call(self.order, "credit_situation", customer_id)

    # -- memberships and subscriptions --------------------------------------------------

    @route(
        "POST",
        "/api/plans",
        summary="Add a club or subscription plan",
        tag="memberships",
        roles=ADMIN,
        body=o.PlanIn,
        response=o.PlanOut,
        status=201,
        errors=(409,),
    )
    def create_plan(self, c):
        return call(self.order, "create_plan", c.body)

    @route(
        "GET",
        "/api/plans",
        summary="Clubs and subscription plans",
        tag="memberships",
        roles=STAFF,
        response=o.PlanOut,
        many=True,
    )
    def list_plans(self, c):
        return call(self.order, "list_plans")

    @route(
        "POST",
        "/api/customers/<int:customer_id>/memberships",
        summary="Join a club or subscribe",
        tag="memberships",
        roles=STAFF,
        body=o.JoinIn,
        response=o.MembershipOut,
        status=201,
        errors=(409,),
    )
    def join_plan(self, c, customer_id):
        return call(self.order, "join_plan", customer_id, c.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/memberships",
        summary="A customer's memberships and subscriptions",
        tag="memberships",
        roles=STAFF,
        response=o.MembershipOut,
        many=True,
    )
    def list_memberships(self, c, customer_id):
        return call(self.order, "list_memberships", customer_id)

    @route(
        "POST",
        "/api/memberships/<int:membership_id>/leave",
        summary="Leave a club or end a subscription; the customer gets a confirmation",
        tag="memberships",
        roles=STAFF,
        body=o.LeaveIn,
        response=o.MembershipOut,
        errors=(404, 409),
    )
    def leave_membership(self, c, membership_id):
        return call(self.order, "leave_membership", membership_id, c.body)

    # -- statistics ---------------------------------------------------------------------

    @route(
        "GET",
        "/api/statistics/sales-by-product",
        summary="Quantity, orders and revenue per product and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=o.ProductSalesOut,
        many=True,
        query={"from": "first month, YYYY-MM", "to": "last month, YYYY-MM", **FORMAT_QUERY},
        raw=True,
    )
    def sales_by_product(self, c):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "sales_by_product", period(c.args))
        return table(c.args, rows, list(o.ProductSalesOut().fields), "sales-by-product")

    @route(
        "GET",
        "/api/statistics/sales-by-seller",
        summary="Orders and revenue per seller and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=o.SellerSalesOut,
        many=True,
        query={"from": "first month, YYYY-MM", "to": "last month, YYYY-MM", **FORMAT_QUERY},
        raw=True,
    )
    def sales_by_seller(self, c):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "sales_by_seller", period(c.args))
        return table(c.args, rows, list(o.SellerSalesOut().fields), "sales-by-seller")

    @route(
        "GET",
        "/api/statistics/recurring-revenue",
        summary="Members and monthly recurring revenue per plan and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=o.RecurringRevenueOut,
        many=True,
        query={"from": "first month, YYYY-MM", "to": "last month, YYYY-MM", **FORMAT_QUERY},
        raw=True,
    )
    def recurring_revenue(self, c):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "recurring_revenue", period(c.args))
        return table(c.args, rows, list(o.RecurringRevenueOut().fields), "recurring-revenue")

    @route(
        "GET",
        "/api/statistics/invoices-due",
        summary="Open invoices due within the days given, and the overdue ones",
        tag="statistics",
        roles=SUPERVISOR,
        response=o.InvoiceOut,
        many=True,
        query={"within_days": "days ahead (7)", **FORMAT_QUERY},
        raw=True,
    )
    def invoices_due(self, c):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "invoices_due", query_limit(c.args.get("within_days"), 7))
        return table(c.args, rows, INVOICE_COLUMNS, "invoices-due")

    @route(
        "GET",
        "/api/statistics/invoices-sent",
        summary="Invoices and credit notes issued in the last days given",
        tag="statistics",
        roles=SUPERVISOR,
        response=o.InvoiceOut,
        many=True,
        query={"days": "days back (7)", **FORMAT_QUERY},
        raw=True,
    )
    def invoices_sent(self, c):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "invoices_sent", query_limit(c.args.get("days"), 7))
        return table(c.args, rows, INVOICE_COLUMNS, "invoices-sent")

    # -- service and complaints ---------------------------------------------------------

    @route(
        "POST",
        "/api/devices",
        summary="Register a product sold with a serial number and its warranty",
        tag="service",
        roles=STAFF,
        body=o.DeviceIn,
        response=o.DeviceOut,
        status=201,
        errors=(409,),
    )
    def register_device(self, c):
        return call(self.order, "register_device", c.body)

    @route(
        "GET",
        "/api/devices/<serial>",
        summary="A device by serial number: warranty, service jobs and their costs",
        tag="service",
        roles=STAFF,
        response=o.DeviceOut,
        errors=(404,),
    )
    def get_device(self, c, serial):
        return call(self.order, "get_device", serial)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/devices",
        summary="A customer's devices with their service history",
        tag="service",
        roles=STAFF,
        response=o.DeviceOut,
        many=True,
    )
    def list_devices(self, c, customer_id):
        return call(self.order, "list_devices", customer_id)

    @route(
        "POST",
        "/api/devices/<serial>/service-jobs",
        summary="Register service work on a device, linked to its call or case",
        tag="service",
        roles=STAFF,
        body=o.ServiceJobIn,
        response=o.ServiceJobOut,
        status=201,
        errors=(404,),
    )
    def open_service_job(self, c, serial):
        return call(self.order, "open_service_job", serial, c.body)

    @route(
        "POST",
        "/api/service-jobs/<int:job_id>/done",
        summary="Finish a service job with its final costs",
        tag="service",
        roles=STAFF,
        body=o.ServiceJobDone,
        response=o.ServiceJobOut,
        errors=(404, 409),
    )
    def finish_service_job(self, c, job_id):
        return call(self.order, "finish_service_job", job_id, c.body)

    # -- quotes and exchange rates ------------------------------------------------------

    @route(
        "PUT",
        "/api/exchange-rates/<currency>",
        summary="Store an exchange rate: one unit of the currency in the base currency",
        tag="quotes",
        roles=SUPERVISOR,
        body=o.ExchangeRateBody,
        response=o.ExchangeRateOut,
    )
    def set_exchange_rate(self, c, currency):
        return call(self.order, "set_exchange_rate", currency, c.body, c.principal.username)

    @route(
        "GET",
        "/api/exchange-rates",
        summary="Stored exchange rates",
        tag="quotes",
        roles=STAFF,
        response=o.ExchangeRateOut,
        many=True,
    )
    def list_exchange_rates(self, c):
        return call(self.order, "list_exchange_rates")

    @route(
        "POST",
        "/api/quotes",
        summary="A quote in the customer's currency, with one or more variants",
        tag="quotes",
        roles=STAFF,
        body=o.QuoteIn,
        response=o.QuoteOut,
        status=201,
    )
    def make_quote(self, c):
        return call(self.order, "make_quote", c.body, c.principal.username)

    @route(
        "GET",
        "/api/quotes/<int:quote_id>",
        summary="One quote",
        tag="quotes",
        roles=STAFF,
        response=o.QuoteOut,
        errors=(404,),
    )
    def get_quote(self, c, quote_id):
        return call(self.order, "get_quote", quote_id)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/quotes",
        summary="A customer's quotes",
        tag="quotes",
        roles=STAFF,
        response=o.QuoteOut,
        many=True,
    )
    def list_quotes(self, c, customer_id):
        return call(self.order, "list_quotes", customer_id)

    @route(
        "POST",
        "/api/quotes/<int:quote_id>/accept",
        summary="The customer accepts a variant: it becomes an order at the quoted prices",
        tag="quotes",
        roles=STAFF,
        body=o.AcceptIn,
        response=o.AcceptedOut,
        status=201,
        errors=(404, 409),
    )
    def accept_quote(self, c, quote_id):
        return call(self.order, "accept_quote", quote_id, c.body, c.principal.username)

    @route(
        "POST",
        "/api/quotes/<int:quote_id>/decline",
        summary="The customer declines a quote",
        tag="quotes",
        roles=STAFF,
        response=o.QuoteOut,
        errors=(404, 409),
    )
    def decline_quote(self, c, quote_id):
        return call(self.order, "decline_quote", quote_id)

"""Statistics routes, as JSON or CSV (O9, O10)."""

from __future__ import annotations

from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.statistics import ProductSalesOut, RecurringRevenueOut, SellerSalesOut
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route
from gateway.tables import FORMAT_QUERY, table

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


PERIOD_QUERY = {"from": "first month, YYYY-MM", "to": "last month, YYYY-MM", **FORMAT_QUERY}


def period_args(args: dict) -> dict:
    """The `from` and `to` months of a request, as a PeriodIn."""
    return {k: args[k] for k in ("from", "to") if k in args}


def monthly(route_self, req, method: str, schema, name: str):
    """A statistic over a period of months, as JSON or CSV."""
    rows = call(route_self.order, method, period_args(req.args))
    return table(req.args, rows, list(schema().fields), name)


class StatisticsRoutes(Routes):
    @route(
        "GET",
        "/api/statistics/sales-by-product",
        summary="Quantity, orders and revenue per product and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=ProductSalesOut,
        many=True,
        query=PERIOD_QUERY,
        raw=True,
    )
    def sales_by_product(self, req):
        """JSON, or CSV with `format=csv`."""
        return monthly(self, req, "sales_by_product", ProductSalesOut, "sales-by-product")

    @route(
        "GET",
        "/api/statistics/sales-by-seller",
        summary="Orders and revenue per seller and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=SellerSalesOut,
        many=True,
        query=PERIOD_QUERY,
        raw=True,
    )
    def sales_by_seller(self, req):
        """JSON, or CSV with `format=csv`."""
        return monthly(self, req, "sales_by_seller", SellerSalesOut, "sales-by-seller")

    @route(
        "GET",
        "/api/statistics/recurring-revenue",
        summary="Members and monthly recurring revenue per plan and month",
        tag="statistics",
        roles=SUPERVISOR,
        response=RecurringRevenueOut,
        many=True,
        query=PERIOD_QUERY,
        raw=True,
    )
    def recurring_revenue(self, req):
        """JSON, or CSV with `format=csv`."""
        return monthly(self, req, "recurring_revenue", RecurringRevenueOut, "recurring-revenue")

    @route(
        "GET",
        "/api/statistics/invoices-due",
        summary="Open invoices due within the days given, and the overdue ones",
        tag="statistics",
        roles=SUPERVISOR,
        response=InvoiceOut,
        many=True,
        query={"within_days": "days ahead (7)", **FORMAT_QUERY},
        raw=True,
    )
    def invoices_due(self, req):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "invoices_due", query_limit(req.args.get("within_days"), 7))
        return table(req.args, rows, INVOICE_COLUMNS, "invoices-due")

    @route(
        "GET",
        "/api/statistics/invoices-sent",
        summary="Invoices and credit notes issued in the last days given",
        tag="statistics",
        roles=SUPERVISOR,
        response=InvoiceOut,
        many=True,
        query={"days": "days back (7)", **FORMAT_QUERY},
        raw=True,
    )
    def invoices_sent(self, req):
        """JSON, or CSV with `format=csv`."""
        rows = call(self.order, "invoices_sent", query_limit(req.args.get("days"), 7))
        return table(req.args, rows, INVOICE_COLUMNS, "invoices-sent")

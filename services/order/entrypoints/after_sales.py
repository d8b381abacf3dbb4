"""After the sale (issue 21): the customer's after-sales picture for the 360° view, and
the deliveries and returns a page at a time (after_sales.py)."""

from __future__ import annotations

from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from services.order import after_sales
from services.order.entrypoints import OrderEntrypoints


class AfterSalesEntrypoints(OrderEntrypoints):
    @rpc
    def after_sales(self, customer_id: int, newest: int = after_sales.NEWEST) -> dict:
        """Deliveries with tracking links, returns with reasons and credit notes, refunds,
        invoices, devices with warranty and service jobs, memberships with renewal: each
        the newest few with a `more` flag (AfterSalesOut)."""
        customer_id = positive_id(customer_id, "customer_id")
        today = self._rules().today()
        with self.db.read() as session:
            return after_sales.picture(session, customer_id, int(newest), today)

    @rpc
    def list_deliveries(
        self, customer_id: int | None, order_id: int | None = None, before: int | None = None, limit: int = 50
    ) -> dict:
        """A customer's or an order's deliveries, newest first, older than id `before`
        (DeliveriesPage). With both ids, the order must be that customer's (else NotFound)."""
        return self._page("deliveries", customer_id, order_id, before, limit)

    @rpc
    def list_returns(
        self, customer_id: int | None, order_id: int | None = None, before: int | None = None, limit: int = 50
    ) -> dict:
        """A customer's or an order's returns, newest first (ReturnsPage); as list_deliveries."""
        return self._page("returns", customer_id, order_id, before, limit)

    def _page(
        self, kind: str, customer_id: int | None, order_id: int | None, before: int | None, limit: int
    ) -> dict:
        customer = positive_id(customer_id, "customer_id") if customer_id is not None else None
        order = positive_id(order_id, "order_id") if order_id is not None else None
        if customer is None and order is None:
            customer = positive_id(customer_id, "customer_id")  # raises: one of them is needed
        older = positive_id(before, "cursor") if before is not None else None
        with self.db.read() as session:
            return after_sales.page(session, kind, customer, order, older, int(limit))

"""Statistics (O9, O10): sales per product and seller, recurring revenue, invoices due and
sent, and the purchase history other services rebuild from (statistics.py,
memberships.py)."""

from __future__ import annotations

from crm_common import months
from crm_common.contracts import dump, positive_id
from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.statistics import ProductSalesOut, RecurringRevenueOut, SellerSalesOut
from crm_common.entrypoints import rpc
from services.order import memberships, statistics
from services.order.entrypoints import OrderEntrypoints


class StatisticsEntrypoints(OrderEntrypoints):
    @rpc
    def purchase_history(self, after_order_id: int = 0, limit: int = 1000) -> list[dict]:
        """Orders bought after `after_order_id`, oldest first, as `order_placed` told them
        (for rebuilding another service's read model; statistics.purchase_history)."""
        with self.db.read() as session:
            return statistics.purchase_history(session, int(after_order_id), min(int(limit), 5000))

    @rpc
    def recurring_revenue(self, period: dict) -> list[dict]:
        """Members and monthly recurring revenue per plan and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            found = memberships.recurring_revenue(session, first, last)
            return dump(RecurringRevenueOut, found, many=True)

    @rpc
    def sales_by_product(self, period: dict) -> list[dict]:
        """Quantity, orders and revenue per product and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return dump(ProductSalesOut, statistics.sales_by_product(session, first, last), many=True)

    @rpc
    def sales_by_seller(self, period: dict) -> list[dict]:
        """Orders and revenue per seller and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return dump(SellerSalesOut, statistics.sales_by_seller(session, first, last), many=True)

    @rpc
    def invoices_due(self, within_days: int = 7) -> list[dict]:
        """Open invoices due within the days given, and the overdue ones (InvoiceOut)."""
        days, today = min(positive_id(within_days, "within_days"), 366), self._rules().today()
        with self.db.read() as session:
            return dump(InvoiceOut, statistics.invoices_due(session, today, days), many=True)

    @rpc
    def invoices_sent(self, days: int = 7) -> list[dict]:
        """Invoices and credit notes issued in the last days given (InvoiceOut)."""
        days, today = min(positive_id(days, "days"), 366), self._rules().today()
        with self.db.read() as session:
            return dump(InvoiceOut, statistics.invoices_sent(session, today, days), many=True)

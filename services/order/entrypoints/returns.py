"""Returns and refunds (O6): goods coming back, and refunds paid out (returns.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.returns import RefundOut, ReturnIn
from crm_common.entrypoints import rpc
from services.order import returns
from services.order.entrypoints import OrderEntrypoints


class ReturnsEntrypoints(OrderEntrypoints):
    @rpc
    def return_goods(self, order_id: int, data: dict) -> dict:
        """Goods came back (ReturnIn): on the shelf unless unfit, a credit note, and a
        refund of what was already paid. Returns ReturnOut. Emits `return_received`."""
        valid = load(ReturnIn, data)
        with self.db.transaction() as session:
            return returns.take_back(session, positive_id(order_id, "order_id"), valid, self._rules().today())

    @rpc
    def pay_refund(self, refund_id: int, by: str | None = None) -> dict:
        """Mark a refund paid out. Raises NotFound, Conflict (paid already). Emits `refund_paid`."""
        with self.db.transaction() as session:
            return returns.pay_out(session, positive_id(refund_id, "refund_id"), by)

    @rpc
    def list_refunds(self, customer_id: int) -> list[dict]:
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(RefundOut, returns.refunds_of(session, customer_id), many=True)

"""Order entry (O2–O5): preview, place, approve, cancel and read orders (ordering.py,
drafting.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.orders import ApprovalIn, OrderCreate, OrderOut, OrderPreviewIn
from crm_common.entrypoints import rpc
from services.order import ordering
from services.order.entrypoints import OrderEntrypoints


class OrderingEntrypoints(OrderEntrypoints):
    @rpc
    def preview_order(self, data: dict) -> dict:
        """What placing the order would answer, writing nothing (OrderPreviewIn →
        OrderPreviewOut, with upsell suggestions)."""
        valid = load(OrderPreviewIn, data)
        customer = self._customers().terms(valid["customer_id"]) if valid.get("customer_id") else None
        with self.db.read() as session:
            return ordering.preview_order(session, customer, valid, self._rules())

    @rpc
    def place_order(self, data: dict, seller: str | None = None) -> dict:
        """Book an order (OrderCreate) with the customer's offers and discount, stock
        reserved per line, prepayment and credit rules (ordering.py). Returns OrderOut.
        Raises InvalidInput. Emits `order_placed`."""
        valid = load(OrderCreate, data)
        customer = self._customers().terms(valid["customer_id"])
        with self.db.transaction() as session:
            return ordering.place(session, customer, valid, self._rules(), seller)

    @rpc
    def cancel_order(self, order_id: int, by: str | None = None) -> dict:
        """Cancel an order nothing of which has shipped; its reserved stock and limited
        offers are given back. Raises NotFound, Conflict. Emits `order_cancelled`."""
        with self.db.transaction() as session:
            return ordering.cancel_order(session, positive_id(order_id, "order_id"), by)

    @rpc
    def decide_approval(self, order_id: int, data: dict, by: str) -> dict:
        """A supervisor lets an order over the credit limit go ahead, or cancels it
        (ApprovalIn). Raises NotFound, Conflict (not awaiting approval)."""
        valid = load(ApprovalIn, data)
        with self.db.transaction() as session:
            return ordering.decide(session, positive_id(order_id, "order_id"), valid["approved"], by)

    @rpc
    def get_order(self, order_id: int) -> dict:
        """One order with its lines, discounts and alternatives (OrderOut). Raises NotFound."""
        with self.db.read() as session:
            return ordering.shown(session, positive_id(order_id, "order_id"))

    @rpc
    def list_orders(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's orders, newest first (OrderOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(OrderOut, ordering.orders_of(session, customer_id, min(int(limit), 500)), many=True)

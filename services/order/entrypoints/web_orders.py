"""Web orders (C5 with O2): a web shop's order, and its customer's review decided
(web_orders.py)."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import load
from crm_common.contracts.order.web_orders import WebOrderIn
from crm_common.entrypoints import rpc
from crm_common.outbox import Envelope
from services.order import web_orders
from services.order.entrypoints import OrderEntrypoints


class WebOrdersEntrypoints(OrderEntrypoints):
    @rpc
    def place_web_order(self, data: dict) -> dict:
        """A web shop's order (WebOrderIn), placed or held for its customer's review
        (web_orders.py). Returns OrderOut. Raises InvalidInput (the customer's fields under
        "customer."), Forbidden (the shop naming another's customer). Emits `order_placed`."""
        valid = load(WebOrderIn, data)
        return web_orders.place(self.db, self._customers(), self.actor.role, valid, self._rules())

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload: Envelope) -> None:
        """A held web order goes ahead for the customer the review let in, or is cancelled."""
        web_orders.review_decided(self.db, self._customers(), payload, self._rules())

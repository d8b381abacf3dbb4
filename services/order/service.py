"""Order service entrypoints."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput, NotFound
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.order import ordering
from services.order import schemas as s
from services.order.models import Order, OutboxMessage, ProcessedEvent


class OrderService(Pingable):
    name = "order"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")

    @rpc
    def create_product(self, data: dict) -> dict:
        """Add a product (ProductCreate). Returns ProductOut. Raises InvalidInput, Conflict
        (sku taken)."""
        valid = load(s.product_create, data)
        with self.db.transaction() as session:
            return s.product_out.dump(ordering.create_product(session, valid))

    @rpc
    def list_products(self) -> list[dict]:
        """All products with their stock and restock date (ProductOut list)."""
        with self.db.read() as session:
            return s.product_out.dump(ordering.list_products(session), many=True)

    @rpc
    def place_order(self, data: dict) -> dict:
        """Book an order (OrderCreate: customer_id, lines of sku and quantity). Each line
        says ships_now, or expected_on when the stock is not there. Returns OrderOut.
        Raises InvalidInput (unknown customer or product). Emits `order_placed`."""
        valid = load(s.order_create, data)
        try:
            # A merged-away id resolves to the customer it was merged into.
            valid["customer_id"] = self.customers.get_customer(valid["customer_id"])["id"]
        except NotFound:
            raise InvalidInput("no such customer", {"customer_id": "not found"}) from None
        with self.db.transaction() as session:
            order = ordering.place_order(session, valid["customer_id"], valid["lines"])
            return self._placed(session, order)

    @rpc
    def place_web_order(self, data: dict) -> dict:
        """An order from a web shop (WebOrderIn). With `customer_id` (a logged-in shop
        customer) it is placed at once. Otherwise the customer is registered through the
        customer service's matching: a clean one is created and the order placed; a
        look-alike or a flagged address puts the customer in the review queue and the order
        waits (status held_for_review, nothing taken from stock) until `review_decided`.
        Returns OrderOut. Raises InvalidInput (fields of the customer under "customer.").
        Emits `order_placed` when placed."""
        valid = load(s.web_order_in, data)
        with self.db.read() as session:
            ordering.priced(session, valid["lines"])  # unknown products: refuse before registering anyone
        if valid.get("customer_id"):
            try:
                known = self.customers.get_customer(valid["customer_id"])["id"]
            except NotFound:
                raise InvalidInput("no such customer", {"customer_id": "not found"}) from None
            with self.db.transaction() as session:
                order = ordering.place_order(session, known, valid["lines"], "web", valid["reference"])
                return self._placed(session, order)
        registration = self.customers.submit_registration(
            {"customer": valid["customer"], "source": "web_order", "reference": valid["reference"]},
            "web shop",
        )
        with self.db.transaction() as session:
            if registration["status"] == "created":
                order = ordering.place_order(
                    session, registration["customer_id"], valid["lines"], "web", valid["reference"]
                )
                return self._placed(session, order)
            order = ordering.hold_for_review(
                session, valid["lines"], registration["review_id"], valid["reference"]
            )
            return s.order_out.dump(order)

    @event_handler("customer", "review_decided")
    @handles_once(ProcessedEvent)
    def on_review_decided(self, session, payload):
        """A held web order goes ahead for the customer the review let in, or is cancelled."""
        data = payload["data"]
        order = ordering.held(session, data["review_id"])
        if order is None:
            return
        if data["customer_id"] is not None:
            self._placed(session, ordering.release(session, order, data["customer_id"]))
        else:
            ordering.cancel(session, order)
            record(
                session,
                OutboxMessage,
                "order_cancelled",
                {"order_id": order.id, "reason": "customer rejected in review", "reference": order.reference},
            )

    def _placed(self, session, order) -> dict:
        out = s.order_out.dump(order)
        record(
            session,
            OutboxMessage,
            "order_placed",
            {
                "order_id": order.id,
                "customer_id": order.customer_id,
                "total": out["total"],
                "currency": order.currency,
                "source": order.source,
                "reference": order.reference,
            },
        )
        return out

    @rpc
    def get_order(self, order_id: int) -> dict:
        """One order with its lines (OrderOut). Raises NotFound."""
        with self.db.read() as session:
            return s.order_out.dump(ordering.get_order(session, positive_id(order_id, "order_id")))

    @rpc
    def list_orders(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's orders, newest first (OrderOut list)."""
        with self.db.read() as session:
            return s.order_out.dump(
                ordering.orders_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's orders now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Order, data["merged_id"], data["survivor_id"])

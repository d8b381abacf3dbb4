"""Web orders (C5 with O2): an order from a web shop, its customer matched on the way in.

A logged-in shop customer's order is placed at once; the shop itself may name only a
customer it registered or its orders matched. Otherwise the customer is registered
through the customer service's matching: a clean one is created and the order placed; a
look-alike or a flagged address puts the customer in the review queue and the order
waits (held_for_review, priced, nothing taken from stock) until `review_decided` lets
the customer in (the order goes ahead with that day's stock) or rejects them
(cancelled).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm_common.contracts import dump
from crm_common.contracts.order.orders import OrderOut
from crm_common.errors import Forbidden
from crm_common.idempotency import claim
from services.order import drafting, ordering
from services.order.customers import Customers
from services.order.models import Order, ProcessedEvent
from services.order.rules import OrderRules

if TYPE_CHECKING:
    from crm_common.outbox import Envelope
    from crm_common.storage import UnitOfWork

# The idempotency key `review_decided` is claimed under: the handler's original path,
# kept so that a decision handled before still counts as handled.
REVIEW_DECIDED_HANDLER = "services.order.service.OrderService.on_review_decided"


def place(
    db: UnitOfWork, customers: Customers, role: str | None, data: dict[str, Any], rules: OrderRules
) -> dict[str, Any]:
    """Place a web order (WebOrderIn) for the caller of `role`, or hold it for review.
    Returns OrderOut. Raises InvalidInput (bad lines, before anything is registered),
    Forbidden (the shop naming a customer not of the web shop)."""
    with db.read() as session:
        drafting.build(session, None, data, rules, rules.today())  # refuse bad lines before registering
    if data.get("customer_id"):
        customer = _shop_customer(db, customers, role, data["customer_id"])
    else:
        registration = customers.register(data)
        if registration["status"] != "created":
            with db.transaction() as session:
                held_order = hold_for_review(
                    session, data, registration["review_id"], data["reference"], rules, rules.today()
                )
                return dump(OrderOut, held_order)
        customer = customers.terms(registration["customer_id"])
    with db.transaction() as session:
        order = ordering.place_order(
            session, customer, data, rules, rules.today(), source="web", reference=data["reference"]
        )
        return ordering.announce_placed(session, order)


def _shop_customer(
    db: UnitOfWork, customers: Customers, role: str | None, customer_id: int
) -> dict[str, Any]:
    """The customer a web order names by id: the shop itself (role shop) may name only a
    customer of an earlier web order, else Forbidden."""
    if role == "shop":
        with db.read() as session:
            if not came_from_the_web(session, customer_id):
                raise Forbidden(
                    "the web shop may order only for customers it registered or its orders matched",
                    {"customer_id": "not a customer of the web shop"},
                )
    return customers.terms(customer_id)


def review_decided(db: UnitOfWork, customers: Customers, payload: Envelope, rules: OrderRules) -> None:
    """The held web order goes ahead for the customer the review let in (`order_placed`)
    or is cancelled (`order_cancelled`); the same decision twice changes nothing. The
    customer's terms are fetched before the transaction: no database lock waits on an
    RPC (on SQLite a waiting writer would stall the whole process)."""
    data = payload["data"]
    customer = customers.terms(data["customer_id"]) if data["customer_id"] is not None else None
    with db.transaction() as session:
        if not claim(session, ProcessedEvent, payload["event_id"], REVIEW_DECIDED_HANDLER):
            return
        order = held(session, data["review_id"])
        if order is None:
            return
        if customer is not None:
            ordering.announce_placed(session, release(session, order, customer, rules))
        else:
            ordering.announce_cancelled(
                session, ordering.cancel(session, order), "customer rejected in review"
            )


def hold_for_review(
    session: Session,
    data: dict[str, Any],
    review_id: int,
    reference: str | None,
    rules: OrderRules,
    day: date,
) -> Order:
    """A web order whose customer waits in the review queue: priced, nothing taken (C5)."""
    order, _ = drafting.build(session, None, data, rules, day)
    order.status, order.source, order.reference, order.review_id = (
        "held_for_review",
        "web",
        reference,
        review_id,
    )
    session.add(order)
    session.flush()
    return order


def came_from_the_web(session: Session, customer_id: int) -> bool:
    """Has this customer had a web order, the shop's registration or its matching having
    found them? The web shop may name only such a customer by id: any other id would put
    its orders on the account (and credit) of a customer it never saw."""
    found = select(Order.id).where(Order.customer_id == customer_id, Order.source == "web").limit(1)
    return session.scalar(found) is not None


def held(session: Session, review_id: int) -> Order | None:
    return session.scalar(
        select(Order)
        .where(Order.review_id == review_id, Order.status == "held_for_review")
        .options(selectinload(Order.lines))
    )


def release(session: Session, order: Order, customer: dict[str, Any], rules: OrderRules) -> Order:
    """The review let the customer in: the order goes ahead with today's stock."""
    order.customer_id = customer["id"]
    order.status = ordering.waits_for(session, order, customer, rules)
    for line in order.lines:
        line.expected_on = None  # read again: the restock date may have moved while it waited
    ordering.allocate(session, order)
    session.flush()
    return order

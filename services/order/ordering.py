"""Order entry (O2–O4): book a drawn-up order (drafting.py) — decide what it waits for,
count the limited offers it uses, reserve what can ship now and say when the rest can,
offer the alternatives — and cancel it or decide its approval.

An order's life: held_for_review (a web order whose customer an agent must look at,
web_orders.py) → awaiting_approval (over the credit limit: a supervisor decides) or
awaiting_payment (prepayment) → placed → partially_shipped → shipped; or cancelled
before it ships. `order_placed` and `order_cancelled` are announced here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from crm_common.contracts import dump
from crm_common.contracts.order.orders import AlternativeOut, OrderOut
from crm_common.errors import Conflict, NotFound
from crm_common.history import newest_first
from crm_common.outbox import record
from crm_common.storage import transition
from services.order import catalogue, credit, drafting, offers, pricing, stock, upsell
from services.order.models import Offer, Order, OutboxMessage, Product, Quote, QuoteVariant
from services.order.money import money
from services.order.rules import PREPAID_METHODS, OrderRules

OPEN = ("awaiting_approval", "awaiting_payment", "placed", "partially_shipped")
WAITING = ("held_for_review", "awaiting_approval", "awaiting_payment")

# -- the use cases: what the order service's entrypoints call ------------------------------


def preview_order(
    session: Session, customer: dict[str, Any] | None, data: dict[str, Any], rules: OrderRules
) -> dict[str, Any]:
    """What placing the order would answer, writing nothing (OrderPreviewOut): prices,
    ships now or when per line, alternatives, payment and approval rules, suggestions."""
    order = preview(session, customer, data, rules, rules.today())
    out = with_alternatives(session, order)
    out["suggestions"] = upsell.suggested(session, [line.sku for line in order.lines], rules.today())
    session.expunge_all()
    return out


def place(
    session: Session, customer: dict[str, Any], data: dict[str, Any], rules: OrderRules, seller: str | None
) -> dict[str, Any]:
    """Book an agent's order and announce it (`order_placed`). Returns OrderOut with the
    alternatives."""
    return announce_placed(session, place_order(session, customer, data, rules, rules.today(), seller=seller))


def cancel_order(session: Session, order_id: int, by: str | None) -> dict[str, Any]:
    """Cancel an order nothing of which has shipped (`order_cancelled`); an order
    cancelled already is answered as it is."""
    order = get_order(session, order_id, lock=True)
    if order.status == "cancelled":
        return dump(OrderOut, order)
    return announce_cancelled(session, cancel(session, order), f"cancelled by {by or 'staff'}")


def decide(session: Session, order_id: int, approved: bool, by: str) -> dict[str, Any]:
    """A supervisor's decision on an order over the credit limit; a refusal cancels it."""
    decided = decide_approval(session, get_order(session, order_id, lock=True), approved, by)
    if decided.status == "cancelled":
        return announce_cancelled(session, decided, f"credit not approved by {by}")
    return dump(OrderOut, decided)


def shown(session: Session, order_id: int) -> dict[str, Any]:
    """One order as answered (OrderOut) with its alternatives. Raises NotFound."""
    return with_alternatives(session, get_order(session, order_id))


def with_alternatives(session: Session, order: Order) -> dict[str, Any]:
    """The order as answered (OrderOut) with the alternatives of the lines that wait."""
    out = dump(OrderOut, order)
    out["alternatives"] = {
        sku: dump(AlternativeOut, found, many=True) for sku, found in alternatives(session, order).items()
    }
    return out


def announce_placed(session: Session, order: Order) -> dict[str, Any]:
    """Record `order_placed` for a booked order; returns the order as answered."""
    out = with_alternatives(session, order)
    record(session, OutboxMessage, "order_placed", order_placed(session, order, out))
    return out


def order_placed(session: Session, order: Order, out: dict[str, Any]) -> dict[str, Any]:
    """The `order_placed` event: what was bought, by whom and through which channel."""
    return {
        "order_id": order.id,
        "customer_id": order.customer_id,
        "status": order.status,
        "total": out["total"],
        "currency": order.currency,
        "payment_method": order.payment_method,
        "source": order.source,
        "reference": order.reference,
        "seller": order.seller,
        "placed_at": order.created_at.isoformat(),
        "lines": catalogue.line_groups(session, order.lines),
    }


def announce_cancelled(session: Session, order: Order, reason: str) -> dict[str, Any]:
    """Record `order_cancelled`; returns the order as answered (OrderOut)."""
    record(session, OutboxMessage, "order_cancelled", order_cancelled(order, reason))
    return dump(OrderOut, order)


def order_cancelled(order: Order, reason: str) -> dict[str, Any]:
    return {
        "order_id": order.id,
        "customer_id": order.customer_id,
        "reason": reason,
        "reference": order.reference,
    }


# -- booking -------------------------------------------------------------------------------


def place_order(
    session: Session,
    customer: dict[str, Any],
    data: dict[str, Any],
    rules: OrderRules,
    day: date,
    seller: str | None = None,
    source: str = "agent",
    reference: str | None = None,
) -> Order:
    """Draw up and book the order. Should another order take the last use of a limited
    offer meanwhile, it is priced again without that offer."""
    exclude: set[int] = set()
    while True:
        order, priced = drafting.build(session, customer, data, rules, day, frozenset(exclude))
        lost = _use_offers(session, priced)
        if not lost:
            break
        exclude |= lost
    order.seller, order.source, order.reference = seller, source, reference
    book(session, order, customer, rules)
    return order


def place_quoted(
    session: Session,
    customer: dict[str, Any],
    quote: Quote,
    variant: QuoteVariant,
    rules: OrderRules,
    day: date,
    seller: str | None,
) -> Order:
    """The accepted variant of a quote booked as an order, at exactly the quoted prices."""
    order = drafting.quoted(session, customer, quote, variant, rules, seller)
    book(session, order, customer, rules)
    quote.status, quote.accepted_variant, quote.order_id = "accepted", variant.label, order.id
    session.flush()
    return order


def waits_for(session: Session, order: Order, customer: dict[str, Any], rules: OrderRules) -> str:
    """The status a booked order starts in: awaiting its payment in advance, a
    supervisor's approval over the credit limit, or nothing (placed)."""
    if order.payment_method in PREPAID_METHODS:
        return "awaiting_payment"
    if credit.over_limit(session, customer, money(order.total * order.rate, rules.currency), rules):
        order.notices = "; ".join(
            filter(None, [order.notices, "over the credit limit: a supervisor must approve"])
        )
        return "awaiting_approval"
    return "placed"


def _use_offers(session: Session, priced: pricing.Priced) -> set[int]:
    """Count the uses of limited offers; the ids of those someone else used up."""
    used: list[int] = []
    lost: set[int] = set()
    for offer, _, _ in priced.applied:
        if offer.max_uses is None or offer.id is None:  # unlimited, or the customer's own discount
            continue
        if offers.use(session, offer):
            used.append(offer.id)
        else:
            lost.add(offer.id)
    if lost:
        _give_back(session, used)
    return lost


def _give_back(session: Session, offer_ids: list[int]) -> None:
    if offer_ids:
        session.execute(
            update(Offer)
            .where(Offer.id.in_(offer_ids), Offer.max_uses.is_not(None), Offer.used_count > 0)
            .values(used_count=Offer.used_count - 1)
            .execution_options(synchronize_session=False)
        )


def allocate(session: Session, order: Order) -> None:
    """Each line ships now if its stock can be reserved, else it carries the product's
    restock date."""
    for line in stock.in_lock_order(order.lines):
        if line.ships_now or line.shipped:
            continue
        line.ships_now = stock.reserve(session, line.product_id, line.quantity)
        if line.ships_now:
            line.expected_on = None
        elif line.expected_on is None:
            line.expected_on = session.get_one(Product, line.product_id).restock_date


def book(session: Session, order: Order, customer: dict[str, Any], rules: OrderRules) -> None:
    """What it waits for, its stock reserved, and written."""
    order.status = waits_for(session, order, customer, rules)
    allocate(session, order)  # before the insert: each line is written once, as it is
    session.add(order)
    session.flush()


def preview(
    session: Session, customer: dict[str, Any] | None, data: dict[str, Any], rules: OrderRules, day: date
) -> Order:
    """What placing the order would answer, with nothing written: prices and offers,
    per line ships now or when (from the stock not yet promised), the alternatives, how
    it must be paid and whether it needs approval."""
    order, _ = drafting.build(session, customer, data, rules, day)
    order.status = waits_for(session, order, customer, rules) if customer else "placed"
    for line in order.lines:
        product = session.get_one(Product, line.product_id)
        line.ships_now = catalogue.available(product) >= line.quantity
        line.expected_on = None if line.ships_now else product.restock_date
    return order


def alternatives(session: Session, order: Order) -> dict[str, list[catalogue.Alternative]]:
    """For each line that cannot ship now: the alternatives that can, best first."""
    waiting = [line for line in order.lines if not line.ships_now and not line.shipped]
    ask = {line.product_id: line.quantity for line in waiting if line.has_alternatives is not False}
    found = catalogue.alternatives_for(session, ask)
    return {line.sku: found.get(line.product_id, []) for line in waiting}


# -- after booking -------------------------------------------------------------------------


def cancel(session: Session, order: Order) -> Order:
    """Nothing shipped yet: the reserved stock and limited offers' uses are given back."""
    if order.status == "cancelled":
        return order
    if any(line.shipped for line in order.lines):
        raise Conflict("part of the order has shipped; return it instead", {"order_id": "already shipped"})
    for line in stock.in_lock_order(order.lines):
        if line.ships_now:
            stock.release(session, line.product_id, line.quantity)
            line.ships_now = False
    if order.status != "held_for_review":
        _give_back(session, [d.offer_id for d in order.discounts if d.offer_id])
    order.status = "cancelled"
    session.flush()
    return order


def decide_approval(session: Session, order: Order, approved: bool, by: str) -> Order:
    if not transition(session, Order, order.id, "status", "awaiting_approval", "deciding"):
        session.refresh(order)
        raise Conflict(f"order {order.id} is {order.status}, not awaiting approval", {"status": order.status})
    if not approved:
        return cancel(session, order)
    order.status, order.approved_by = "placed", by
    session.flush()
    return order


def get_order(session: Session, order_id: int, lock: bool = False) -> Order:
    query = (
        select(Order)
        .where(Order.id == order_id)
        .options(selectinload(Order.lines), selectinload(Order.discounts))
    )
    order = session.scalar(query.with_for_update() if lock else query)
    if order is None:
        raise NotFound(f"order {order_id} does not exist", {"order_id": "not found"})
    return order


def orders_of(session: Session, customer_id: int, limit: int = 50) -> list[Order]:
    return newest_first(
        session, Order, customer_id, limit, options=[selectinload(Order.lines), selectinload(Order.discounts)]
    )

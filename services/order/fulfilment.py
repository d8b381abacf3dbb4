"""Deliveries (O6): what is reserved leaves the shelf with a carrier and a tracking
number, and is invoiced. A customer who did not choose partial delivery gets one parcel,
when every line is there."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.deliveries import DeliveryOut
from crm_common.contracts.order.orders import OrderOut
from crm_common.errors import Conflict, InvalidInput
from crm_common.outbox import record
from services.order import invoicing, ordering, stock
from services.order.models import Delivery, Order, OrderLine, OutboxMessage
from services.order.rules import OrderRules

WHY_NOT = {
    "awaiting_payment": "it is not paid yet",
    "awaiting_approval": "it waits for a supervisor's approval",
    "held_for_review": "its customer waits in the review queue",
    "cancelled": "it is cancelled",
    "shipped": "it has shipped",
}


def ship_order(session: Session, order_id: int, data: dict[str, Any], rules: OrderRules) -> dict[str, Any]:
    """Ship what is in stock (DeliveryIn), invoice it and record `order_shipped`.
    Answers {"delivery", "order"}."""
    order = ordering.get_order(session, order_id, lock=True)
    delivery = ship(session, order, data, rules, rules.today())
    out = dump(DeliveryOut, delivery)
    record(session, OutboxMessage, "order_shipped", order_shipped(order, delivery, out))
    return {"delivery": out, "order": dump(OrderOut, order)}


def order_shipped(order: Order, delivery: Delivery, out: dict[str, Any]) -> dict[str, Any]:
    """The `order_shipped` event: the delivery as answered and the skus it carries."""
    return {**out, "skus": [line.sku for line in order.lines if line.delivery_id == delivery.id]}


def ship(session: Session, order: Order, data: dict[str, Any], rules: OrderRules, day: date) -> Delivery:
    """One delivery of the lines ready (or the ones `data["skus"]` names), invoiced."""
    if order.status not in ("placed", "partially_shipped"):
        raise Conflict(f"order {order.id} cannot ship: {WHY_NOT[order.status]}", {"status": order.status})
    ready = _to_ship(order, data.get("skus"))
    first = session.scalar(select(Delivery.id).where(Delivery.order_id == order.id).limit(1)) is None
    for line in stock.in_lock_order(ready):
        if not stock.ship(session, line.product_id, line.quantity):
            raise RuntimeError(f"reserved stock for line {line.id} is missing")
        line.shipped = True
    delivery = Delivery(
        order_id=order.id,
        customer_id=order.customer_id,
        carrier=data.get("carrier"),
        tracking_number=data.get("tracking_number"),
        created_at=utcnow(),
    )
    session.add(delivery)
    session.flush()
    for line in ready:
        line.delivery_id = delivery.id
    delivery.invoice_id = invoicing.issue_invoice(session, order, ready, first, rules, day).id
    order.status = "shipped" if all(line.shipped for line in order.lines) else "partially_shipped"
    session.flush()
    return delivery


def _to_ship(order: Order, wanted: list[str] | None) -> list[OrderLine]:
    """The lines this delivery takes: every line ready, or those `wanted` names (each
    must be ready). Conflict when nothing is, or when the customer wants one parcel and
    something is still missing."""
    ready = [line for line in order.lines if line.ships_now and not line.shipped]
    if wanted:
        ready = _named(ready, wanted)
    if not ready:
        raise Conflict(f"nothing on order {order.id} is in stock to ship", {"order_id": "nothing ready"})
    if not order.partial_delivery and any(not line.shipped and line not in ready for line in order.lines):
        raise Conflict(
            "the customer wants one delivery: it waits until every line is in stock",
            {"partial_delivery": "false"},
        )
    return ready


def _named(ready: list[OrderLine], wanted: list[str]) -> list[OrderLine]:
    """The ready lines `wanted` names, once each; InvalidInput naming any other sku."""
    by_sku = {line.sku: line for line in ready}
    bad = {
        f"skus.{i}": "not on the order or not ready to ship"
        for i, sku in enumerate(wanted)
        if sku not in by_sku
    }
    if bad:
        raise InvalidInput("some lines cannot ship", bad)
    return [by_sku[sku] for sku in dict.fromkeys(wanted)]

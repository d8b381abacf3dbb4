"""Deliveries (O6): what is reserved leaves the shelf with a carrier and a tracking
number, and is invoiced. A customer who did not choose partial delivery gets one parcel,
when every line is there."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput
from services.order import invoicing, stock
from services.order.models import Delivery, Order
from services.order.rules import OrderRules

WHY_NOT = {
    "awaiting_payment": "it is not paid yet",
    "awaiting_approval": "it waits for a supervisor's approval",
    "held_for_review": "its customer waits in the review queue",
    "cancelled": "it is cancelled",
    "shipped": "it has shipped",
}


def ship(session: Session, order: Order, data: dict, rules: OrderRules, day: date) -> Delivery:
    if order.status not in ("placed", "partially_shipped"):
        raise Conflict(f"order {order.id} cannot ship: {WHY_NOT[order.status]}", {"status": order.status})
    ready = [line for line in order.lines if line.ships_now and not line.shipped]
    wanted = data.get("skus")
    if wanted:
        by_sku = {line.sku: line for line in ready}
        bad = {
            f"skus.{i}": "not on the order or not ready to ship"
            for i, s in enumerate(wanted)
            if s not in by_sku
        }
        if bad:
            raise InvalidInput("some lines cannot ship", bad)
        ready = [by_sku[s] for s in dict.fromkeys(wanted)]
    if not ready:
        raise Conflict(f"nothing on order {order.id} is in stock to ship", {"order_id": "nothing ready"})
    if not order.partial_delivery and any(not line.shipped and line not in ready for line in order.lines):
        raise Conflict(
            "the customer wants one delivery: it waits until every line is in stock",
            {"partial_delivery": "false"},
        )
    first = session.scalar(select(Delivery.id).where(Delivery.order_id == order.id).limit(1)) is None
    for line in ready:
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

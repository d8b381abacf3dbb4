"""Goods arriving and restock dates moving (O1, O3).

Goods received go to the order lines waiting for them first, oldest order first. A later
restock date moves the expected date of every line waiting for the product, and each
order pushed later is told (`delivery_delayed`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.order.products import ProductOut
from crm_common.outbox import record
from services.order import catalogue, stock
from services.order.models import Order, OrderLine, OutboxMessage, Product
from services.order.ordering import OPEN


def change_product(session: Session, sku: str, data: dict[str, Any]) -> Product:
    """Change what was sent (ProductUpdate); a restock date sent moves the waiting lines
    and records `delivery_delayed` per order it pushes later."""
    product = catalogue.update_product(session, sku, data)
    if "restock_date" in data:
        for order, lines, previous in reschedule(session, product):
            record(
                session, OutboxMessage, "delivery_delayed", delivery_delayed(order, lines, previous, product)
            )
    return product


def delivery_delayed(
    order: Order, lines: list[OrderLine], previous: date | None, product: Product
) -> dict[str, Any]:
    """The `delivery_delayed` event: the order's delayed skus, the date they expected
    before and the one they expect now (None: unknown)."""
    return {
        "order_id": order.id,
        "customer_id": order.customer_id,
        "skus": [line.sku for line in lines],
        "previous": previous.isoformat() if previous else None,
        "expected_on": product.restock_date.isoformat() if product.restock_date else None,
    }


def goods_arrived(session: Session, sku: str, quantity: int) -> dict[str, Any]:
    """Receive goods; answers the product (ProductOut) and the ids of the orders that got
    goods ({"product", "orders_now_ready"})."""
    touched = receive_stock(session, sku, quantity)
    return {
        "product": dump(ProductOut, catalogue.product_by_sku(session, sku)),
        "orders_now_ready": [o.id for o in touched],
    }


def receive_stock(session: Session, sku: str, quantity: int) -> list[Order]:
    """Goods arrived: the waiting lines get them in the order they were placed.
    Returns the orders that got something."""
    product = catalogue.product_by_sku(session, sku)
    stock.put_back(session, product.id, quantity)
    waiting = session.scalars(
        select(OrderLine)
        .join(Order)
        .where(
            OrderLine.product_id == product.id,
            OrderLine.ships_now.is_(False),
            OrderLine.shipped.is_(False),
            Order.status.in_(OPEN),
        )
        .order_by(Order.created_at, Order.id)
    )
    touched: dict[int, Order] = {}
    for line in waiting:
        if not stock.reserve(session, product.id, line.quantity):
            break
        line.ships_now, line.expected_on = True, None
        touched[line.order_id] = session.get_one(Order, line.order_id)
    session.flush()
    return list(touched.values())


def waiting_for(session: Session, product_id: int) -> list[tuple[Order, OrderLine]]:
    """Open orders with a line that waits for this product."""
    return list(
        session.execute(
            select(Order, OrderLine)
            .join(OrderLine, OrderLine.order_id == Order.id)
            .where(
                OrderLine.product_id == product_id,
                OrderLine.ships_now.is_(False),
                OrderLine.shipped.is_(False),
                Order.status.in_(OPEN),
            )
        ).tuples()
    )


def reschedule(session: Session, product: Product) -> list[tuple[Order, list[OrderLine], date | None]]:
    """The product's restock date changed: its waiting lines now expect that date.
    Returns, per order pushed later (or to an unknown date), its delayed lines and the
    date they expected before."""
    delayed: dict[int, tuple[Order, list[OrderLine], date | None]] = {}
    for order, line in waiting_for(session, product.id):
        previous, line.expected_on = line.expected_on, product.restock_date
        if previous is None or previous == product.restock_date:
            continue
        if product.restock_date is None or product.restock_date > previous:
            delayed.setdefault(order.id, (order, [], previous))[1].append(line)
    session.flush()
    return list(delayed.values())

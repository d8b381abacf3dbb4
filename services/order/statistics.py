"""Sales statistics (O10): by product and by seller per month, and the invoices due and
recently sent. Grouped by the database, never a loop over orders in Python; months are
calendar months in UTC."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from crm_common.months import bounds, month_of
from services.order.catalogue import line_groups
from services.order.models import Invoice, Order, OrderLine

COUNTED = ("awaiting_payment", "awaiting_approval", "placed", "partially_shipped", "shipped")


def sales_by_product(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    start, end = bounds(first, last)
    month = month_of(session, Order.created_at).label("month")
    rows = session.execute(
        select(
            month,
            OrderLine.sku,
            func.min(OrderLine.name),
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.line_total),
            func.count(func.distinct(Order.id)),
            Order.currency,
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(COUNTED), Order.created_at >= start, Order.created_at < end)
        .group_by(month, OrderLine.sku, Order.currency)
        .order_by(month, func.sum(OrderLine.line_total).desc(), OrderLine.sku)
    )
    return [
        {
            "month": m,
            "sku": sku,
            "name": name,
            "quantity": int(qty),
            "revenue": _cents(revenue),
            "orders": n,
            "currency": currency,
        }
        for m, sku, name, qty, revenue, n, currency in rows
    ]


def sales_by_seller(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """Per agent who booked the orders (web orders under "web")."""
    start, end = bounds(first, last)
    month = month_of(session, Order.created_at).label("month")
    seller = func.coalesce(Order.seller, Order.source).label("seller")
    rows = session.execute(
        select(
            month, seller, func.count(Order.id), func.sum(Order.total - Order.delivery_fee), Order.currency
        )
        .where(Order.status.in_(COUNTED), Order.created_at >= start, Order.created_at < end)
        .group_by(month, seller, Order.currency)
        .order_by(month, func.sum(Order.total - Order.delivery_fee).desc())
    )
    return [
        {"month": m, "seller": who, "orders": n, "revenue": _cents(revenue), "currency": currency}
        for m, who, n, revenue, currency in rows
    ]


def invoices_due(session: Session, today: date, within_days: int) -> list[Invoice]:
    """Open invoices falling due within `within_days`, and those already overdue, oldest
    due first."""
    return list(
        session.scalars(
            select(Invoice)
            .where(
                Invoice.kind == "invoice",
                Invoice.amount > Invoice.paid + Invoice.credited,
                Invoice.due_on <= today + timedelta(days=within_days),
            )
            .order_by(Invoice.due_on, Invoice.id)
        )
    )


def invoices_sent(session: Session, today: date, days: int) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(Invoice.issued_on > today - timedelta(days=days))
            .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
        )
    )


def _cents(value: Decimal) -> str:
    return f"{value:.2f}"


def purchase_history(session: Session, after_id: int, limit: int) -> list[dict[str, Any]]:
    """Orders that count as bought, after `after_id`, as `order_placed` told them:
    [{order_id, customer_id, placed_at, lines: [{sku, quantity, product_group}]}]."""
    return [
        {
            "order_id": order.id,
            "customer_id": order.customer_id,
            "placed_at": order.created_at.isoformat(),
            "lines": line_groups(session, order.lines),
        }
        for order in bought_after(session, after_id, limit)
    ]


def bought_after(session: Session, after_id: int, limit: int) -> list[Order]:
    """Orders that count as bought, by id after `after_id`."""
    return list(
        session.scalars(
            select(Order)
            .where(Order.id > after_id, Order.status.in_(COUNTED))
            .order_by(Order.id)
            .limit(limit)
            .options(selectinload(Order.lines))
        )
    )

"""Upsell (O5): what other customers bought together with what is being ordered,
counted from the order history, and the product of the week."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from services.order import catalogue
from services.order.models import Order, OrderLine, Product

COUNTED = ("placed", "partially_shipped", "shipped", "awaiting_payment", "awaiting_approval")


class Suggestions(TypedDict):
    bought_together: list[tuple[Product, int]]  # (Product, number of orders)
    product_of_the_week: Product | None


def bought_together(session: Session, skus: list[str], limit: int = 5) -> list[tuple[Product, int]]:
    """Products found on the same orders as `skus`, most orders first, in stock first
    among equals; never one already in the basket. (Product, number of orders)."""
    basket = select(Product.id).where(Product.sku.in_(skus)).scalar_subquery()
    mine, other = aliased(OrderLine), aliased(OrderLine)
    together = func.count(func.distinct(mine.order_id)).label("orders")
    rows = session.execute(
        select(Product, together)
        .select_from(mine)
        .join(Order, Order.id == mine.order_id)
        .join(other, other.order_id == mine.order_id)
        .join(Product, Product.id == other.product_id)
        .where(mine.product_id.in_(basket), other.product_id.not_in(basket), Order.status.in_(COUNTED))
        .group_by(Product.id)
        .order_by(together.desc(), (Product.stock_on_hand - Product.reserved > 0).desc(), Product.sku)
        .limit(limit)
    )
    return [(product, count) for product, count in rows]


def suggestions(session: Session, skus: list[str], day: date, limit: int = 5) -> Suggestions:
    week = catalogue.week_product(session, day)
    return {
        "bought_together": bought_together(session, skus, limit),
        "product_of_the_week": week if week is not None and week.sku not in skus else None,
    }


def suggested(session: Session, skus: list[str], day: date) -> dict[str, Any]:
    """Upsell for a basket as answered (SuggestionsOut): bought together with it, and
    the product of the week."""
    return described(suggestions(session, skus, day))


def described(found: Suggestions) -> dict[str, Any]:
    """What suggestions() found, as answered (SuggestionsOut)."""
    week = found["product_of_the_week"]
    return {
        "bought_together": [_suggestion(p, n) for p, n in found["bought_together"]],
        "product_of_the_week": _suggestion(week) if week is not None else None,
    }


def _suggestion(product: Product, together: int | None = None) -> dict[str, Any]:
    return {
        "sku": product.sku,
        "name": product.name,
        "price": str(product.price),
        "available": product.stock_on_hand - product.reserved,
        "orders_together": together,
    }

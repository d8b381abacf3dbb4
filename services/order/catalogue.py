"""Products (O1): price and VAT, stock on hand and reserved, the expected restock,
alternatives to offer when a product cannot ship now, and the product of the week."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput, NotFound
from services.order.models import DeliveryMethod, OrderLine, Product, ProductAlternative, WeekProduct
from services.order.money import money

# A product's alternative as alternatives_for reads it: product_id (whose alternative it
# is), sku, name, price, stock_on_hand, reserved.
Alternative = Row[int, str, str, Decimal, int, int]

EDITABLE = ("name", "product_group", "price", "vat_rate", "restock_date", "restock_quantity")


def create_product(session: Session, data: dict[str, Any]) -> Product:
    product = Product(
        sku=data["sku"],
        name=data["name"],
        product_group=data.get("product_group"),
        price=money(data["price"], data["currency"]),
        currency=data["currency"],
        vat_rate=data["vat_rate"],
        stock_on_hand=data["stock_on_hand"],
        reserved=0,
        restock_date=data.get("restock_date"),
        restock_quantity=data.get("restock_quantity"),
        created_at=utcnow(),
    )
    session.add(product)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"a product with sku {data['sku']} exists", {"sku": "already exists"}) from None
    if data.get("alternatives"):
        set_alternatives(session, product, data["alternatives"])
    return product


def update_product(session: Session, sku: str, data: dict[str, Any]) -> Product:
    """Change what was sent (restocking.reschedule moves the waiting lines' dates)."""
    product = product_by_sku(session, sku)
    for name in EDITABLE:
        if name in data:
            setattr(product, name, money(data[name], product.currency) if name == "price" else data[name])
    if "alternatives" in data:
        set_alternatives(session, product, data["alternatives"])
    session.flush()
    return product


def set_alternatives(session: Session, product: Product, skus: list[str]) -> None:
    found = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    bad = {f"alternatives.{i}": "no such product" for i, s in enumerate(skus) if s not in found}
    bad.update(
        {
            f"alternatives.{i}": "a product is not its own alternative"
            for i, s in enumerate(skus)
            if s == product.sku
        }
    )
    if bad:
        raise InvalidInput("unknown alternatives", bad)
    session.execute(delete(ProductAlternative).where(ProductAlternative.product_id == product.id))
    product.has_alternatives = bool(skus)
    for rank, sku in enumerate(dict.fromkeys(skus)):
        session.add(ProductAlternative(product_id=product.id, alternative_id=found[sku].id, rank=rank))
    session.flush()


def product_by_sku(session: Session, sku: str) -> Product:
    """The product a URL names; NotFound (404) when there is none."""
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise NotFound(f"product {sku} does not exist", {"sku": "not found"})
    return product


def product_named(session: Session, sku: str, field: str = "sku") -> Product:
    """A product a request body names: unknown is bad input (400), not a missing page."""
    try:
        return product_by_sku(session, sku)
    except NotFound:
        raise InvalidInput(f"no product {sku}", {field: "no such product"}) from None


def list_products(session: Session, group: str | None = None) -> list[Product]:
    query = select(Product).order_by(Product.sku)
    if group:
        query = query.where(Product.product_group == group)
    return list(session.scalars(query))


def available(product: Product) -> int:
    return product.stock_on_hand - product.reserved


_ALTERNATIVES = (
    select(
        ProductAlternative.product_id,
        Product.sku,
        Product.name,
        Product.price,
        Product.stock_on_hand,
        Product.reserved,
    )
    .join(Product, Product.id == ProductAlternative.alternative_id)
    .where(ProductAlternative.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(ProductAlternative.product_id, ProductAlternative.rank)
)


def alternatives_for(session: Session, wanted: dict[int, int]) -> dict[int, list[Alternative]]:
    """{product id: quantity} → {product id: the alternatives that can ship that many
    now, best first} (rows with sku, name, price, stock_on_hand, reserved). One query."""
    found: dict[int, list[Alternative]] = {product_id: [] for product_id in wanted}
    if wanted:
        for row in session.connection().execute(_ALTERNATIVES, {"ids": list(wanted)}):
            if row.stock_on_hand - row.reserved >= wanted[row.product_id]:
                found[row.product_id].append(row)
    return found


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def choose_week_product(session: Session, sku: str, week_of: date | None, today: date) -> dict[str, Any]:
    """Make `sku` the product of the week of `week_of` (this week when None); answers
    WeekProductOut."""
    row = set_week_product(session, sku, week_of or today)
    return {"week_start": row.week_start.isoformat(), "sku": sku}


def set_week_product(session: Session, sku: str, day: date) -> WeekProduct:
    product = product_named(session, sku)
    start = week_start(day)
    row = session.get(WeekProduct, start)
    if row is None:
        row = WeekProduct(week_start=start, product_id=product.id)
        session.add(row)
    row.product_id = product.id
    session.flush()
    return row


def week_product(session: Session, day: date) -> Product | None:
    row = session.get(WeekProduct, week_start(day))
    return session.get(Product, row.product_id) if row else None


def create_delivery_method(session: Session, data: dict[str, Any], currency: str) -> DeliveryMethod:
    """A delivery method priced in `currency` (the base currency)."""
    method = DeliveryMethod(
        code=data["code"],
        name=data["name"],
        price=money(data["price"], currency),
        vat_rate=data["vat_rate"],
        active=True,
    )
    session.add(method)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"delivery method {data['code']} exists", {"code": "already exists"}) from None
    return method


def delivery_methods(session: Session) -> list[DeliveryMethod]:
    return list(
        session.scalars(select(DeliveryMethod).where(DeliveryMethod.active).order_by(DeliveryMethod.price))
    )


def delivery_method(session: Session, code: str | None) -> DeliveryMethod | None:
    if code is None:
        return None
    method = session.scalar(select(DeliveryMethod).where(DeliveryMethod.code == code, DeliveryMethod.active))
    if method is None:
        raise InvalidInput("unknown delivery method", {"delivery_method": "no such delivery method"})
    return method


def line_groups(session: Session, lines: Iterable[OrderLine]) -> list[dict[str, Any]]:
    """Each order line's sku with its product group, for whoever keeps purchase history."""
    groups = dict(
        session.execute(
            select(Product.id, Product.product_group).where(Product.id.in_({ln.product_id for ln in lines}))
        ).all()
    )
    return [
        {"sku": ln.sku, "quantity": ln.quantity, "product_group": groups.get(ln.product_id)} for ln in lines
    ]

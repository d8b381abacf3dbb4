"""Products (O1) and order entry (O2): each line ships now when its stock is there,
otherwise it carries the expected delivery date (the product's restock date)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.history import newest_first
from services.order import stock
from services.order.models import Order, OrderLine, Product

CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    """The one rounding rule: to the cent, halves away from zero."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def create_product(session: Session, data: dict) -> Product:
    product = Product(
        sku=data["sku"],
        name=data["name"],
        price=money(data["price"]),
        currency=data["currency"],
        vat_rate=data["vat_rate"],
        stock_on_hand=data["stock_on_hand"],
        restock_date=data.get("restock_date"),
        created_at=utcnow(),
    )
    session.add(product)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"a product with sku {data['sku']} exists", {"sku": "already exists"}) from None
    return product


def list_products(session: Session) -> list[Product]:
    return list(session.scalars(select(Product).order_by(Product.sku)))


def priced(session: Session, lines: list[dict]) -> Order:
    """An order with its lines priced and nothing taken from stock yet. Raises
    InvalidInput for unknown products or mixed currencies."""
    skus = [line["sku"] for line in lines]
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    missing = {f"lines.{i}.sku": "no such product" for i, sku in enumerate(skus) if sku not in products}
    if missing:
        raise InvalidInput("the order names unknown products", missing)
    currencies = {p.currency for p in products.values()}
    if len(currencies) > 1:
        raise InvalidInput("all products of an order must share one currency", {"lines": "mixed currencies"})
    order = Order(
        status="new", source="agent", currency=currencies.pop(), total=Decimal(0), created_at=utcnow()
    )
    for line in lines:
        product = products[line["sku"]]
        line_total = money(product.price * line["quantity"])
        order.lines.append(
            OrderLine(
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                quantity=line["quantity"],
                unit_price=product.price,
                line_total=line_total,
                ships_now=False,
                expected_on=None,
            )
        )
        order.total += line_total
    return order


def _allocate(session: Session, order: Order) -> None:
    """Each line ships now if its stock is there (taken at once), else it carries the
    product's restock date."""
    for line in order.lines:
        line.ships_now = stock.take(session, line.product_id, line.quantity)
        line.expected_on = None if line.ships_now else session.get(Product, line.product_id).restock_date


def place_order(
    session: Session, customer_id: int, lines: list[dict], source: str = "agent", reference: str | None = None
) -> Order:
    order = priced(session, lines)
    order.customer_id, order.status, order.source, order.reference = customer_id, "placed", source, reference
    session.add(order)
    session.flush()
    _allocate(session, order)
    session.flush()
    return order


def hold_for_review(session: Session, lines: list[dict], review_id: int, reference: str | None) -> Order:
    """A web order whose customer waits in the review queue: priced, nothing taken (C5)."""
    order = priced(session, lines)
    order.status, order.source, order.reference, order.review_id = (
        "held_for_review",
        "web",
        reference,
        review_id,
    )
    session.add(order)
    session.flush()
    return order


def held(session: Session, review_id: int) -> Order | None:
    return session.scalar(
        select(Order)
        .where(Order.review_id == review_id, Order.status == "held_for_review")
        .options(selectinload(Order.lines))
    )


def release(session: Session, order: Order, customer_id: int) -> Order:
    """The review let the customer in: the order goes ahead with today's stock."""
    order.customer_id, order.status = customer_id, "placed"
    _allocate(session, order)
    session.flush()
    return order


def cancel(session: Session, order: Order) -> Order:
    order.status = "cancelled"
    session.flush()
    return order


def get_order(session: Session, order_id: int) -> Order:
    order = session.scalar(select(Order).where(Order.id == order_id).options(selectinload(Order.lines)))
    if order is None:
        raise NotFound(f"order {order_id} does not exist", {"order_id": "not found"})
    return order


def orders_of(session: Session, customer_id: int, limit: int = 50) -> list[Order]:
    return newest_first(session, Order, customer_id, limit, options=[selectinload(Order.lines)])

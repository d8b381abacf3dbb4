"""An order drawn up before anything is booked (O2–O4): its products read, priced with the
customer's usable offers and own discount, the lines and discounts it will carry, and
how it must be paid. Nothing here writes or reserves; ordering.py books the draft.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import InvalidInput
from services.order import catalogue, exchange, offers, pricing
from services.order.models import Order, OrderDiscount, OrderLine, Product, Quote, QuoteVariant
from services.order.money import money
from services.order.rules import PREPAID_METHODS, OrderRules

ZERO = Decimal("0.00")

# A product as _PRODUCTS reads it (pricing.AProduct).
ProductRow = Row[int, str, str, Decimal, str, Decimal, int, int, date | None, bool]

# Plain rows, not ORM objects: read on every order, never changed through them.
_PRODUCTS = select(
    Product.id,
    Product.sku,
    Product.name,
    Product.price,
    Product.currency,
    Product.vat_rate,
    Product.stock_on_hand,
    Product.reserved,
    Product.restock_date,
    Product.has_alternatives,
).where(Product.sku.in_(bindparam("skus", expanding=True)))


def products(session: Session, lines: list[dict[str, Any]]) -> dict[str, ProductRow]:
    """{sku: product row} for the lines; InvalidInput for an unknown sku or mixed currencies."""
    skus = [line["sku"] for line in lines]
    found = {p.sku: p for p in session.connection().execute(_PRODUCTS, {"skus": skus})}
    missing = {f"lines.{i}.sku": "no such product" for i, sku in enumerate(skus) if sku not in found}
    if missing:
        raise InvalidInput("the order names unknown products", missing)
    if len({p.currency for p in found.values()}) > 1:
        raise InvalidInput("all products of an order must share one currency", {"lines": "mixed currencies"})
    return found


def build(
    session: Session,
    customer: dict[str, Any] | None,
    data: dict[str, Any],
    rules: OrderRules,
    day: date,
    exclude: AbstractSet[int] = frozenset(),
) -> tuple[Order, pricing.Priced]:
    """The order priced with the customer's usable offers and own discount (customer: as
    the register gives it, None for a customer not known yet); nothing stored or reserved."""
    customer_id = customer["id"] if customer else None
    found = products(session, data["lines"])
    currency = next(iter(found.values())).currency
    delivery = catalogue.delivery_method(session, data.get("delivery_method"))
    priced = pricing.price(
        [(found[line["sku"]], line["quantity"]) for line in data["lines"]],
        offers.usable(session, customer_id, day, exclude),
        delivery,
        currency,
        (customer or {}).get("discount_percent"),
    )
    order = _new_order(
        customer_id=customer_id,
        currency=currency,
        rate=exchange.rate_of(session, currency, rules, "lines"),
        payment_method=data.get("payment_method") or "invoice",
        delivery_method=delivery.code if delivery else None,
        delivery_address=one_line(data.get("delivery_address")),
        partial_delivery=data.get("partial_delivery", True),
        goods_total=priced.goods_total,
        discount_total=priced.discount_total,
        delivery_fee=priced.delivery_fee,
        delivery_vat_rate=priced.delivery_vat_rate,
        vat_total=sum(priced.vat.values()),
        total=priced.total,
    )
    for line in priced.lines:
        order.lines.append(_line(line.product, line.quantity, line.product.price, line.discount, line.total))
        order.lines[-1].has_alternatives = line.product.has_alternatives
    for offer, sku, amount in priced.applied:
        order.discounts.append(
            OrderDiscount(offer_id=offer.id, sku=sku, description=offer.description, amount=amount)
        )
    payment_rule(order, rules)
    return order, priced


def one_line(address: dict[str, Any] | None) -> str | None:
    """An address as the order keeps it: "street, postal code city, country"."""
    if not address:
        return None
    town = f"{address['postal_code']} {address['city']}"
    return ", ".join(filter(None, [address["street"], town, (address.get("country") or "").upper()]))


def quoted(
    session: Session,
    customer: dict[str, Any],
    quote: Quote,
    variant: QuoteVariant,
    rules: OrderRules,
    seller: str | None,
) -> Order:
    """The accepted variant of a quote as an order, at exactly the quoted prices and rate."""
    found = products(session, variant.lines)
    order = _new_order(
        customer_id=customer["id"],
        seller=seller,
        currency=quote.currency,
        rate=quote.rate,
        quote_id=quote.id,
        payment_method="invoice",
        partial_delivery=True,
        goods_total=variant.total,
        discount_total=ZERO,
        delivery_fee=ZERO,
        delivery_vat_rate=ZERO,
        vat_total=variant.vat_total,
        total=variant.total,
    )
    for line in variant.lines:
        order.lines.append(
            _line(
                found[line["sku"]],
                line["quantity"],
                Decimal(line["unit_price"]),
                ZERO,
                Decimal(line["line_total"]),
                name=line["name"],
                vat_rate=Decimal(line["vat_rate"]),
            )
        )
    payment_rule(order, rules)
    return order


def _new_order(**values: object) -> Order:
    """A new agent's order, nothing paid, without lines yet."""
    return Order(
        status="new", source="agent", paid=ZERO, created_at=utcnow(), lines=[], discounts=[], **values
    )


def _line(
    product: pricing.AProduct,
    quantity: int,
    unit_price: Decimal,
    discount: Decimal,
    total: Decimal,
    name: str | None = None,
    vat_rate: Decimal | None = None,
) -> OrderLine:
    """A line of `product` (the catalogue's name and VAT rate unless given), not yet
    allocated: it expects the product's restock date until stock is reserved."""
    return OrderLine(
        product_id=product.id,
        sku=product.sku,
        name=product.name if name is None else name,
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=product.vat_rate if vat_rate is None else vat_rate,
        discount=discount,
        line_total=total,
        ships_now=False,
        expected_on=product.restock_date,
        shipped=False,
        returned_quantity=0,
    )


def payment_rule(order: Order, rules: OrderRules) -> None:
    """Above the limit (in the base currency) an order is paid in advance."""
    if (
        money(order.total * order.rate, rules.currency) > rules.prepayment_above
        and order.payment_method not in PREPAID_METHODS
    ):
        order.notices = (
            f"orders above {rules.prepayment_above} {rules.currency} are paid in advance: "
            f"payment method {order.payment_method} changed to prepayment"
        )
        order.payment_method = "prepayment"

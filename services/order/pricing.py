"""What an order costs (O2–O4): line prices, the best offers the customer holds, the
delivery fee and the VAT in it. Pure arithmetic on values already read; see money.py
for the rounding rule.

Offers: each line gets the best product offer for its product; then the best order-wide
offer applies to what the lines cost after that, spread over the lines in proportion so
every line carries what the customer really pays for it (a return refunds exactly that).
A percentage takes that share; an amount comes off the line or order, never below zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Protocol

from services.order.money import money, spread, vat_by_rate

if TYPE_CHECKING:
    from services.order.models import DeliveryMethod


class AProduct(Protocol):
    """A product as an order is drawn up from it: a row of drafting's product query, or a
    Product. Pricing reads its id, sku, price and VAT rate; the order's lines the rest."""

    @property
    def id(self) -> int: ...

    @property
    def sku(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def price(self) -> Decimal: ...

    @property
    def vat_rate(self) -> Decimal: ...

    @property
    def restock_date(self) -> date | None: ...

    @property
    def has_alternatives(self) -> bool: ...


class AnOffer(Protocol):
    """An offer as pricing reads it: a row of offers.usable, or the customer's own
    StandingDiscount."""

    @property
    def id(self) -> int | None: ...

    @property
    def description(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def value(self) -> Decimal: ...

    @property
    def product_id(self) -> int | None: ...

    @property
    def max_uses(self) -> int | None: ...


@dataclass
class PricedLine:
    product: AProduct
    quantity: int
    gross: Decimal
    discount: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        return self.gross - self.discount


@dataclass
class Priced:
    currency: str
    lines: list[PricedLine]
    delivery_fee: Decimal
    delivery_vat_rate: Decimal
    applied: list[tuple[AnOffer, str | None, Decimal]] = field(default_factory=list)  # (offer, sku, amount)

    @property
    def goods_total(self) -> Decimal:
        return sum((line.gross for line in self.lines), Decimal("0.00"))

    @property
    def discount_total(self) -> Decimal:
        return sum((line.discount for line in self.lines), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0.00")) + self.delivery_fee

    @property
    def vat(self) -> dict[Decimal, Decimal]:
        amounts = [(line.total, line.product.vat_rate) for line in self.lines]
        if self.delivery_fee:
            amounts.append((self.delivery_fee, self.delivery_vat_rate))
        return vat_by_rate(amounts, self.currency)


class StandingDiscount(NamedTuple):
    """The customer's own discount from the register: an order-wide percentage that
    competes with their order-wide offers (the better one applies; they do not stack)."""

    value: Decimal
    id: None = None
    kind: str = "percent"
    product_id: None = None
    max_uses: None = None

    @property
    def description(self) -> str:
        return f"customer discount {self.value.normalize():f} %"


def discount_of(offer: AnOffer, base: Decimal, currency: str) -> Decimal:
    if offer.kind == "percent":
        return min(base, money(base * offer.value / 100, currency))
    return min(base, money(offer.value, currency))


def price(
    lines: list[tuple[AProduct, int]],
    offers: Sequence[AnOffer],
    delivery: DeliveryMethod | None,
    currency: str,
    standing_percent: Decimal | None = None,
) -> Priced:
    """lines: (Product, quantity). offers: the Offers the customer may use now.
    delivery: a DeliveryMethod or None. standing_percent: the customer's own discount."""
    priced = Priced(
        currency=currency,
        lines=[PricedLine(p, q, money(p.price * q, currency)) for p, q in lines],
        delivery_fee=delivery.price if delivery else Decimal("0.00"),
        delivery_vat_rate=delivery.vat_rate if delivery else Decimal("0.00"),
    )
    for line in priced.lines:
        best = _best([o for o in offers if o.product_id == line.product.id], line.gross, currency)
        if best is not None:
            line.discount = discount_of(best, line.gross, currency)
            priced.applied.append((best, line.product.sku, line.discount))
    wide = [o for o in offers if o.product_id is None]
    if standing_percent:
        wide.append(StandingDiscount(Decimal(standing_percent)))
    _order_wide(priced, wide, currency)
    return priced


def _order_wide(priced: Priced, wide: list[AnOffer], currency: str) -> None:
    """The best order-wide offer (or own discount) on what the lines cost after their
    product offers, spread over the lines in proportion."""
    after_lines = sum((line.total for line in priced.lines), Decimal("0.00"))
    best = _best(wide, after_lines, currency)
    if best is None:
        return
    amount = discount_of(best, after_lines, currency)
    for line, share in zip(
        priced.lines, spread(amount, [line.total for line in priced.lines], currency), strict=True
    ):
        line.discount += share
    priced.applied.append((best, None, amount))


def _best(candidates: list[AnOffer], base: Decimal, currency: str) -> AnOffer | None:
    """The offer taking the most off `base` (the oldest among equals), or None when none
    takes anything off."""
    best = max(candidates, key=lambda o: (discount_of(o, base, currency), -(o.id or 0)), default=None)
    return best if best is not None and discount_of(best, base, currency) > 0 else None

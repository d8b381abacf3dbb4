"""Quotes (O7): several variants in the customer's currency, priced from the catalogue at
the stored exchange rate; the variant the customer accepts becomes an order at exactly the
quoted prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.storage import transition
from services.order import exchange
from services.order.models import Product, Quote, QuoteVariant
from services.order.money import convert, money, vat_by_rate
from services.order.rules import OrderRules


def make_quote(session: Session, customer_id: int, data: dict, by: str | None, rules: OrderRules) -> Quote:
    currency = data["currency"]
    rate = exchange.rate_of(session, currency, rules)
    skus = {line["sku"] for variant in data["variants"] for line in variant["lines"]}
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    bad = {
        f"variants.{v}.lines.{i}.sku": "no such product"
        for v, variant in enumerate(data["variants"])
        for i, line in enumerate(variant["lines"])
        if line["sku"] not in products
    }
    bad.update(
        {
            f"variants.{v}.lines.{i}.sku": f"priced in {products[line['sku']].currency}, not {rules.currency}"
            for v, variant in enumerate(data["variants"])
            for i, line in enumerate(variant["lines"])
            if line["sku"] in products and products[line["sku"]].currency != rules.currency
        }
    )
    if bad:
        raise InvalidInput("the quote names products it cannot price", bad)
    quote = Quote(
        customer_id=customer_id,
        currency=currency,
        rate=rate,
        status="open",
        valid_until=data["valid_until"],
        note=data.get("note"),
        created_by=by,
        created_at=utcnow(),
        variants=[],
    )
    for variant in data["variants"]:
        lines = []
        for line in variant["lines"]:
            product = products[line["sku"]]
            unit = convert(product.price, rate, currency)
            lines.append(
                {
                    "sku": product.sku,
                    "name": product.name,
                    "quantity": line["quantity"],
                    "unit_price": str(unit),
                    "line_total": str(money(unit * line["quantity"], currency)),
                    "vat_rate": str(product.vat_rate),
                }
            )
        amounts = [(Decimal(x["line_total"]), Decimal(x["vat_rate"])) for x in lines]
        quote.variants.append(
            QuoteVariant(
                label=variant["label"],
                lines=lines,
                total=sum((a for a, _ in amounts), Decimal("0.00")),
                vat_total=sum(vat_by_rate(amounts, currency).values(), Decimal("0.00")),
            )
        )
    session.add(quote)
    session.flush()
    return quote


def get_quote(session: Session, quote_id: int, lock: bool = False) -> Quote:
    query = select(Quote).where(Quote.id == quote_id).options(selectinload(Quote.variants))
    quote = session.scalar(query.with_for_update() if lock else query)
    if quote is None:
        raise NotFound(f"quote {quote_id} does not exist", {"quote_id": "not found"})
    return quote


def quotes_of(session: Session, customer_id: int) -> list[Quote]:
    return list(
        session.scalars(
            select(Quote)
            .where(Quote.customer_id == customer_id)
            .options(selectinload(Quote.variants))
            .order_by(Quote.id.desc())
        )
    )


def status_on(quote: Quote, day: date) -> str:
    return "expired" if quote.status == "open" and day > quote.valid_until else quote.status


def chosen(quote: Quote, label: str, day: date) -> QuoteVariant:
    """The variant to accept; Conflict unless the quote is open and valid on `day`."""
    if status_on(quote, day) != "open":
        raise Conflict(f"quote {quote.id} is {status_on(quote, day)}", {"quote_id": status_on(quote, day)})
    for variant in quote.variants:
        if variant.label == label:
            return variant
    raise InvalidInput("no such variant", {"variant": f"one of {', '.join(v.label for v in quote.variants)}"})


def take(session: Session, quote: Quote, label: str, day: date) -> QuoteVariant:
    """Claim the quote for acceptance: of two acceptances at once, one wins."""
    variant = chosen(quote, label, day)
    if not transition(session, Quote, quote.id, "status", "open", "accepting"):
        session.refresh(quote)
        raise Conflict(f"quote {quote.id} is {quote.status}", {"quote_id": quote.status})
    return variant


def decline(session: Session, quote: Quote, day: date) -> Quote:
    if status_on(quote, day) != "open":
        raise Conflict(f"quote {quote.id} is {status_on(quote, day)}", {"quote_id": status_on(quote, day)})
    quote.status = "declined"
    session.flush()
    return quote

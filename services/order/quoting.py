"""Quotes (O7): several variants in the customer's currency, priced from the catalogue at
the stored exchange rate; the variant the customer accepts becomes an order at exactly the
quoted prices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.quotes import QuoteOut
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from crm_common.storage import transition
from services.order import exchange, ordering
from services.order.models import OutboxMessage, Product, Quote, QuoteVariant
from services.order.money import convert, money, vat_by_rate
from services.order.rules import OrderRules

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork


def make(
    session: Session, customer_id: int, data: dict[str, Any], by: str | None, rules: OrderRules
) -> dict[str, Any]:
    """Make the quote (QuoteIn) and record `quote_made`. Answers QuoteOut."""
    made = make_quote(session, customer_id, data, by, rules)
    out = described(made, rules.today())
    record(session, OutboxMessage, "quote_made", quote_made(made))
    return out


def quote_made(made: Quote) -> dict[str, Any]:
    return {"quote_id": made.id, "customer_id": made.customer_id}


def accept(
    db: UnitOfWork,
    terms: Callable[[int], dict[str, Any]],
    quote_id: int,
    label: str,
    rules: OrderRules,
    by: str | None,
) -> dict[str, Any]:
    """The customer takes the variant `label`: it is booked as an order at the quoted
    prices (`order_placed`). The customer's terms are asked (`terms`) between reading the
    quote and the transaction, never inside it. Answers {"quote", "order"}."""
    with db.read() as session:
        customer_id = get_quote(session, quote_id).customer_id
    customer = terms(customer_id)
    with db.transaction() as session:
        taken = get_quote(session, quote_id, lock=True)
        variant = take(session, taken, label, rules.today())
        order = ordering.place_quoted(session, customer, taken, variant, rules, rules.today(), by)
        return {"quote": described(taken, rules.today()), "order": ordering.announce_placed(session, order)}


def shown(session: Session, quote_id: int, day: date) -> dict[str, Any]:
    """One quote as answered on `day` (QuoteOut). Raises NotFound."""
    return described(get_quote(session, quote_id), day)


def listed(session: Session, customer_id: int, day: date) -> list[dict[str, Any]]:
    """The customer's quotes as answered on `day` (QuoteOut)."""
    return [described(found, day) for found in quotes_of(session, customer_id)]


def declined(session: Session, quote_id: int, day: date) -> dict[str, Any]:
    """The customer said no on `day`; answers the quote (QuoteOut). Raises NotFound,
    Conflict (not open)."""
    return described(decline(session, quote_id, day), day)


def described(found: Quote, day: date) -> dict[str, Any]:
    """The quote as answered (QuoteOut), its status as of `day` (open ones expire)."""
    return {**dump(QuoteOut, found), "status": status_on(found, day)}


def make_quote(
    session: Session, customer_id: int, data: dict[str, Any], by: str | None, rules: OrderRules
) -> Quote:
    currency = data["currency"]
    rate = exchange.rate_of(session, currency, rules)
    skus = {line["sku"] for variant in data["variants"] for line in variant["lines"]}
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    _check_priceable(data["variants"], products, rules.currency)
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
        quote.variants.append(_variant(variant, products, rate, currency))
    session.add(quote)
    session.flush()
    return quote


def _check_priceable(
    variants: list[dict[str, Any]], products: dict[str, Product], base_currency: str
) -> None:
    """InvalidInput naming each line whose product is unknown or not priced in the base
    currency."""
    missing, foreign = {}, {}
    for v, variant in enumerate(variants):
        for i, line in enumerate(variant["lines"]):
            product = products.get(line["sku"])
            if product is None:
                missing[f"variants.{v}.lines.{i}.sku"] = "no such product"
            elif product.currency != base_currency:
                foreign[f"variants.{v}.lines.{i}.sku"] = f"priced in {product.currency}, not {base_currency}"
    if missing or foreign:
        raise InvalidInput("the quote names products it cannot price", {**missing, **foreign})


def _variant(
    variant: dict[str, Any], products: dict[str, Product], rate: Decimal, currency: str
) -> QuoteVariant:
    """One variant priced from the catalogue in `currency` at `rate`."""
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
    return QuoteVariant(
        label=variant["label"],
        lines=lines,
        total=sum((a for a, _ in amounts), Decimal("0.00")),
        vat_total=sum(vat_by_rate(amounts, currency).values(), Decimal("0.00")),
    )


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


def decline(session: Session, quote_id: int, day: date) -> Quote:
    """The customer said no. NotFound, Conflict (not open)."""
    quote = get_quote(session, quote_id, lock=True)
    if status_on(quote, day) != "open":
        raise Conflict(f"quote {quote.id} is {status_on(quote, day)}", {"quote_id": status_on(quote, day)})
    quote.status = "declined"
    session.flush()
    return quote

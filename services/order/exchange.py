"""Stored exchange rates (O7): set by a person, used as stored, never fetched at booking
time, so a quote's prices can be explained afterwards."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import InvalidInput
from services.order.models import ExchangeRate
from services.order.rules import OrderRules


def set_rate(
    session: Session, currency: str, rate: Decimal, by: str | None, rules: OrderRules
) -> ExchangeRate:
    if currency == rules.currency:
        raise InvalidInput(f"{currency} is the base currency", {"currency": "the base currency"})
    row = session.get(ExchangeRate, currency)
    if row is None:
        row = ExchangeRate(currency=currency)
        session.add(row)
    row.rate, row.set_by, row.updated_at = rate, by, utcnow()
    session.flush()
    return row


def rates(session: Session) -> list[ExchangeRate]:
    return list(session.scalars(select(ExchangeRate).order_by(ExchangeRate.currency)))


def rate_of(session: Session, currency: str, rules: OrderRules, field: str = "currency") -> Decimal:
    """One unit of `currency` in the base currency; InvalidInput when none is stored."""
    if currency == rules.currency:
        return Decimal("1.000000")
    row = session.get(ExchangeRate, currency)
    if row is None:
        raise InvalidInput(f"no exchange rate is stored for {currency}", {field: "no exchange rate"})
    return row.rate

"""Exact money: Decimal amounts, one rounding rule, VAT taken out of VAT-inclusive prices.

The rule, everywhere: an amount is rounded to the currency's smallest unit (cents; whole
units for ISK and JPY), halves away from zero, at the moment it becomes a line total, a
discount, a fee, or a VAT figure. VAT is computed once per rate on the sum of that rate's
VAT-inclusive amounts — never per line — so a total never drifts by a cent from the sum
of its lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
WHOLE = Decimal("1")
WHOLE_UNIT_CURRENCIES = frozenset({"ISK", "JPY", "KRW", "CLP"})


def money(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's smallest unit, halves away from zero. The currency is
    always named: an amount in the base currency is rounded by the base currency's rule."""
    unit = WHOLE if currency in WHOLE_UNIT_CURRENCIES else CENT
    return Decimal(amount).quantize(unit, rounding=ROUND_HALF_UP).quantize(CENT)


def vat_included(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """The VAT inside a VAT-inclusive amount: gross × rate / (100 + rate)."""
    if not rate:
        return Decimal("0.00")
    return money(gross * rate / (Decimal(100) + rate), currency)


def vat_by_rate(amounts: Iterable[tuple[Decimal, Decimal]], currency: str) -> dict[Decimal, Decimal]:
    """{rate: VAT} for (gross amount, rate) pairs, summed per rate before rounding."""
    gross: dict[Decimal, Decimal] = defaultdict(Decimal)
    for amount, rate in amounts:
        gross[Decimal(rate)] += amount
    return {rate: vat_included(total, rate, currency) for rate, total in sorted(gross.items())}


def spread(amount: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    """Split `amount` over `weights` in proportion, each share rounded, the shares adding
    up to `amount` exactly (the rounding remainder goes to the largest weight)."""
    total = sum(weights, Decimal(0))
    if not weights or total == 0:
        return [Decimal("0.00")] * len(weights)
    shares = [money(amount * w / total, currency) for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    shares[largest] += money(amount, currency) - sum(shares, Decimal(0))
    return shares


def convert(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """An amount in the base currency expressed in `currency`, where one unit of
    `currency` is worth `rate` base units."""
    return money(amount / rate, currency)

"""The order book's configurable rules, taken from the settings once per call site.

The settings (crm_common/config.py) read them from the environment (CRM_CURRENCY,
CRM_PREPAYMENT_ABOVE, CRM_CREDIT_LIMIT, CRM_PAYMENT_TERMS_DAYS, CRM_TIMEZONE); the domain
functions take them as this plain value so tests can set any rule without touching the
environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from crm_common.config import Settings

PREPAID_METHODS = frozenset({"prepayment", "card"})
PAYMENT_METHODS = ("invoice", "card", "prepayment", "cash_on_delivery")


@dataclass(frozen=True)
class OrderRules:
    currency: str = "SEK"
    prepayment_above: Decimal = Decimal("10000.00")  # orders above this are paid first
    credit_limit: Decimal = Decimal("20000.00")  # default per customer, in `currency`
    payment_terms_days: int = 30
    timezone: str = "Europe/Stockholm"

    @classmethod
    def of(cls, settings: Settings) -> OrderRules:
        return cls(
            currency=settings.currency,
            prepayment_above=settings.prepayment_above,
            credit_limit=settings.credit_limit,
            payment_terms_days=settings.payment_terms_days,
            timezone=settings.timezone,
        )

    def today(self) -> date:
        """The business day where the shop is (due dates and offers run on it)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

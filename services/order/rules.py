"""The order book's configurable rules, read from the environment once per call site.

Why here and not in crm_common.config: only the order service acts on them, and its
domain functions take them as a plain value so tests can set any rule without touching
the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

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
    def from_env(cls, env: dict[str, str] | None = None) -> OrderRules:
        env = os.environ if env is None else env
        return cls(
            currency=env.get("CRM_CURRENCY", cls.currency).upper(),
            prepayment_above=Decimal(env.get("CRM_PREPAYMENT_ABOVE", cls.prepayment_above)),
            credit_limit=Decimal(env.get("CRM_CREDIT_LIMIT", cls.credit_limit)),
            payment_terms_days=int(env.get("CRM_PAYMENT_TERMS_DAYS", cls.payment_terms_days)),
            timezone=env.get("CRM_TIMEZONE", cls.timezone),
        )

    def today(self) -> date:
        """The business day where the shop is (due dates and offers run on it)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

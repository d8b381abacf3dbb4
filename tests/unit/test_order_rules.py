"""The order book's rules come from the settings, under their documented variable names."""

from datetime import date
from decimal import Decimal

from crm_common.config import load_settings
from services.order.rules import OrderRules


def test_the_rules_are_read_from_the_settings_variables():
    rules = OrderRules.of(
        load_settings(
            {
                "CRM_CURRENCY": "eur",
                "CRM_PREPAYMENT_ABOVE": "500",
                "CRM_CREDIT_LIMIT": "0",
                "CRM_PAYMENT_TERMS_DAYS": "14",
                "CRM_TIMEZONE": "Europe/Helsinki",
            }
        )
    )
    assert rules == OrderRules("EUR", Decimal("500"), Decimal("0"), 14, "Europe/Helsinki")
    assert isinstance(rules.today(), date)


def test_without_the_variables_the_defaults_hold():
    assert OrderRules.of(load_settings({})) == OrderRules()

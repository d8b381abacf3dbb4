"""Quotes (O7): variants in another currency at the stored rate; the accepted variant is
an order at exactly the quoted prices; an expired quote cannot be accepted."""

from datetime import date
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.products import ProductCreate
from crm_common.contracts.order.quotes import QuoteIn
from crm_common.errors import Conflict, InvalidInput
from services.order import catalogue, credit, exchange, ordering, quoting
from services.order.models import Base
from services.order.rules import OrderRules

RULES = OrderRules(prepayment_above=Decimal("10000.00"), credit_limit=Decimal("50000.00"))
DAY = date(2026, 11, 24)
CUSTOMER = {"id": 3, "credit_limit": None, "discount_percent": None}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        catalogue.create_product(
            session,
            load(ProductCreate(), {"sku": "MOWER", "name": "Mower", "price": "5990.00", "stock_on_hand": 4}),
        )
        catalogue.create_product(
            session,
            load(
                ProductCreate(),
                {"sku": "BOOK", "name": "Book", "price": "199.00", "vat_rate": "6.00", "stock_on_hand": 9},
            ),
        )
        exchange.set_rate(session, "EUR", Decimal("11.4735"), "boss", RULES)
    return uow


def quote(uow, **extra):
    data = load(
        QuoteIn(),
        {
            "customer_id": 3,
            "currency": "EUR",
            "valid_until": "2026-12-15",
            "variants": [
                {"label": "basic", "lines": [{"sku": "MOWER", "quantity": 1}]},
                {
                    "label": "with book",
                    "lines": [{"sku": "MOWER", "quantity": 1}, {"sku": "BOOK", "quantity": 2}],
                },
            ],
            **extra,
        },
    )
    with uow.transaction() as session:
        return quoting.make_quote(session, 3, data, "ann", RULES)


def test_variants_are_priced_in_the_quote_currency_at_the_stored_rate(uow):
    """5990.00 SEK / 11.4735 = 522.072… → 522.07 EUR; 199.00 / 11.4735 = 17.344… → 17.34 EUR.
    'with book': 522.07 + 2 × 17.34 = 556.75 EUR; VAT 522.07 × 25/125 = 104.41 and
    34.68 × 6/106 = 1.96."""
    made = quote(uow)
    basic, book = made.variants
    assert (made.currency, made.rate, basic.total) == ("EUR", Decimal("11.473500"), Decimal("522.07"))
    assert [x["unit_price"] for x in book.lines] == ["522.07", "17.34"]
    assert (book.total, book.vat_total) == (Decimal("556.75"), Decimal("106.37"))


def test_the_accepted_variant_becomes_an_order_at_the_quoted_prices(uow):
    made = quote(uow)
    with uow.transaction() as session:
        # the catalogue price changes after the quote: the quote holds
        catalogue.update_product(session, "MOWER", {"price": Decimal("6990.00")})
        found = quoting.get_quote(session, made.id)
        order = ordering.place_quoted(
            session, CUSTOMER, found, quoting.chosen(found, "with book", DAY), RULES, DAY, "ann"
        )
        assert (order.currency, order.total, order.status, order.quote_id) == (
            "EUR",
            Decimal("556.75"),
            "placed",
            made.id,
        )
        assert [(line.sku, line.unit_price, line.ships_now) for line in order.lines] == [
            ("MOWER", Decimal("522.07"), True),
            ("BOOK", Decimal("17.34"), True),
        ]
        assert (found.status, found.accepted_variant, found.order_id) == ("accepted", "with book", order.id)
        # what it counts against the credit limit is in the base currency: 556.75 × 11.4735
        assert credit.unbilled(session, 3) == Decimal("6387.87")
        with pytest.raises(Conflict):
            quoting.chosen(found, "basic", DAY)


def test_an_expired_quote_cannot_be_accepted_and_a_missing_rate_is_named(uow):
    made = quote(uow, valid_until="2026-11-20")
    with uow.read() as session:
        found = quoting.get_quote(session, made.id)
        assert quoting.status_on(found, DAY) == "expired"
        with pytest.raises(Conflict):
            quoting.chosen(found, "basic", DAY)
    with pytest.raises(InvalidInput) as err:
        quote(uow, currency="NOK")
    assert err.value.fields == {"currency": "no exchange rate"}


def test_an_unknown_variant_lists_the_ones_there_are(uow):
    made = quote(uow)
    with uow.read() as session, pytest.raises(InvalidInput) as err:
        quoting.chosen(quoting.get_quote(session, made.id), "deluxe", DAY)
    assert err.value.fields == {"variant": "one of basic, with book"}

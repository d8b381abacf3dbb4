"""Order entry: per line ships now or when; money to the cent."""

from datetime import date
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order import OrderCreate, ProductCreate
from crm_common.errors import Conflict, InvalidInput
from services.order import ordering
from services.order.models import Base, Product


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for p in (
            {"sku": "SPADE", "name": "Spade", "price": "349.00", "stock_on_hand": 2},
            {
                "sku": "HOSE",
                "name": "Hose",
                "price": "0.333",
                "stock_on_hand": 0,
                "restock_date": "2026-12-15",
            },
        ):
            ordering.create_product(session, load(ProductCreate(), p))
    return uow


def order(uow, *lines, customer_id=1):
    data = load(
        OrderCreate(), {"customer_id": customer_id, "lines": [{"sku": s, "quantity": q} for s, q in lines]}
    )
    with uow.transaction() as session:
        return ordering.place_order(session, data["customer_id"], data["lines"])


def stock(uow, sku):
    with uow.read() as session:
        return session.query(Product).filter_by(sku=sku).one().stock_on_hand


def test_a_line_in_stock_ships_now_and_takes_the_stock(uow):
    placed = order(uow, ("SPADE", 2))
    assert placed.lines[0].ships_now and placed.lines[0].expected_on is None
    assert stock(uow, "SPADE") == 0


def test_a_line_not_in_stock_says_when_it_can_ship_and_takes_nothing(uow):
    order(uow, ("SPADE", 1))
    placed = order(uow, ("SPADE", 2), ("HOSE", 1))
    assert [(line.sku, line.ships_now, line.expected_on) for line in placed.lines] == [
        ("SPADE", False, None),
        ("HOSE", False, date(2026, 12, 15)),
    ]
    assert stock(uow, "SPADE") == 1


def test_totals_round_half_up_to_the_cent(uow):
    # a price of 0.333 is stored as 0.33; 3 × 0.33 = 0.99
    placed = order(uow, ("HOSE", 3))
    assert placed.lines[0].unit_price == Decimal("0.33") and placed.total == Decimal("0.99")
    assert ordering.money(Decimal("0.125")) == Decimal("0.13")


def test_an_unknown_product_names_the_line_and_nothing_is_taken(uow):
    with pytest.raises(InvalidInput) as err:
        order(uow, ("SPADE", 1), ("NOPE", 1))
    assert err.value.fields == {"lines.1.sku": "no such product"}
    assert stock(uow, "SPADE") == 2


def test_the_same_sku_twice_is_refused():
    with pytest.raises(InvalidInput):
        load(
            OrderCreate(),
            {"customer_id": 1, "lines": [{"sku": "A", "quantity": 1}, {"sku": "A", "quantity": 2}]},
        )


def test_a_duplicate_sku_is_a_conflict(uow):
    with pytest.raises(Conflict), uow.transaction() as session:
        ordering.create_product(session, load(ProductCreate(), {"sku": "SPADE", "name": "x", "price": "1"}))

"""Order entry (O1, O2, O5): per line ships now or when, alternatives, back orders that get
the goods first when they arrive, delays announced, and suggestions from order history."""

from datetime import date
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.orders import OrderCreate
from crm_common.contracts.order.products import ProductCreate
from crm_common.errors import Conflict, InvalidInput
from services.order import catalogue, ordering, restocking, upsell
from services.order.models import Base, Product
from services.order.rules import OrderRules

TODAY = date(2026, 11, 24)
RULES = OrderRules()


def customer(cid=1, **terms):
    return {"id": cid, "credit_limit": None, "discount_percent": None, **terms}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for p in (
            {"sku": "SPADE", "name": "Spade", "price": "349.00", "stock_on_hand": 2},
            {"sku": "SPADE-XL", "name": "Big spade", "price": "449.00", "stock_on_hand": 5},
            {"sku": "SPADE-MINI", "name": "Small spade", "price": "249.00", "stock_on_hand": 0},
            {
                "sku": "HOSE",
                "name": "Hose",
                "price": "0.333",
                "stock_on_hand": 0,
                "restock_date": "2026-12-15",
            },
            {"sku": "GLOVES", "name": "Gloves", "price": "99.00", "stock_on_hand": 50},
        ):
            catalogue.create_product(session, load(ProductCreate(), p))
        catalogue.set_alternatives(
            session, catalogue.product_by_sku(session, "SPADE"), ["SPADE-MINI", "SPADE-XL"]
        )
    return uow


def order(uow, *lines, cid=1, **terms):
    data = load(
        OrderCreate(), {"customer_id": cid, "lines": [{"sku": s, "quantity": q} for s, q in lines], **terms}
    )
    with uow.transaction() as session:
        return ordering.place_order(session, customer(cid), data, RULES, TODAY, seller="ann")


def shelf(uow, sku):
    """(on hand, reserved)"""
    with uow.read() as session:
        p = session.query(Product).filter_by(sku=sku).one()
        return p.stock_on_hand, p.reserved


def test_a_line_in_stock_ships_now_and_reserves_the_units(uow):
    placed = order(uow, ("SPADE", 2))
    assert placed.status == "placed" and placed.seller == "ann"
    assert placed.lines[0].ships_now and placed.lines[0].expected_on is None
    assert shelf(uow, "SPADE") == (2, 2)  # still on the shelf, promised to this order


def test_a_line_not_in_stock_says_when_and_offers_alternatives_that_can_ship(uow):
    order(uow, ("SPADE", 1))
    placed = order(uow, ("SPADE", 2), ("HOSE", 1))
    assert [(line.sku, line.ships_now, line.expected_on) for line in placed.lines] == [
        ("SPADE", False, None),
        ("HOSE", False, date(2026, 12, 15)),
    ]
    assert shelf(uow, "SPADE") == (2, 1)
    with uow.read() as session:
        found = ordering.alternatives(session, ordering.get_order(session, placed.id))
        # SPADE-MINI is an alternative too but has nothing in stock; HOSE has none
        assert {sku: [p.sku for p in ps] for sku, ps in found.items()} == {"SPADE": ["SPADE-XL"], "HOSE": []}


def test_a_preview_answers_like_an_order_and_writes_nothing(uow):
    data = load(OrderCreate(), {"customer_id": 1, "lines": [{"sku": "SPADE", "quantity": 3}]})
    with uow.read() as session:
        seen = ordering.preview(session, customer(), data, RULES, TODAY)
        assert (seen.lines[0].ships_now, seen.total) == (False, Decimal("1047.00"))
        assert [p.sku for p in ordering.alternatives(session, seen)["SPADE"]] == ["SPADE-XL"]
        session.rollback()
    assert shelf(uow, "SPADE") == (2, 0)


def test_goods_received_go_to_the_waiting_orders_oldest_first(uow):
    first = order(uow, ("HOSE", 2))
    second = order(uow, ("HOSE", 3))
    with uow.transaction() as session:
        ready = restocking.receive_stock(session, "HOSE", 4)
    assert [o.id for o in ready] == [first.id]  # 4 units: enough for the first (2), not the second (3)
    with uow.read() as session:
        assert ordering.get_order(session, first.id).lines[0].ships_now
        assert not ordering.get_order(session, second.id).lines[0].ships_now
    assert shelf(uow, "HOSE") == (4, 2)


def test_goods_past_what_the_stock_holds_are_refused_by_name(uow):
    with uow.transaction() as session:
        restocking.receive_stock(session, "GLOVES", 2**31 - 1 - 50)  # exactly full
    with pytest.raises(InvalidInput) as err, uow.transaction() as session:
        restocking.receive_stock(session, "GLOVES", 1)  # a 502 on PostgreSQL, once
    assert "quantity" in err.value.fields and shelf(uow, "GLOVES") == (2**31 - 1, 0)


def test_a_later_restock_date_delays_the_waiting_orders(uow):
    waiting = order(uow, ("HOSE", 1))
    with uow.transaction() as session:
        product = catalogue.update_product(session, "HOSE", {"restock_date": date(2027, 1, 10)})
        delayed = restocking.reschedule(session, product)
    assert [(o.id, [line.sku for line in lines], before) for o, lines, before in delayed] == [
        (waiting.id, ["HOSE"], date(2026, 12, 15))
    ]
    with uow.transaction() as session:
        product = catalogue.update_product(session, "HOSE", {"restock_date": date(2027, 1, 5)})
        assert restocking.reschedule(session, product) == []  # earlier is not a delay
        assert ordering.get_order(session, waiting.id).lines[0].expected_on == date(2027, 1, 5)


def test_cancelling_gives_the_reserved_units_back(uow):
    placed = order(uow, ("SPADE", 2))
    with uow.transaction() as session:
        ordering.cancel(session, ordering.get_order(session, placed.id))
    assert shelf(uow, "SPADE") == (2, 0)


def test_an_unknown_product_names_the_line_and_nothing_is_reserved(uow):
    with pytest.raises(InvalidInput) as err:
        order(uow, ("SPADE", 1), ("NOPE", 1))
    assert err.value.fields == {"lines.1.sku": "no such product"}
    assert shelf(uow, "SPADE") == (2, 0)


def test_an_unknown_delivery_method_is_refused(uow):
    with pytest.raises(InvalidInput) as err:
        order(uow, ("SPADE", 1), delivery_method="drone")
    assert err.value.fields == {"delivery_method": "no such delivery method"}


def test_the_order_keeps_the_address_it_goes_to(uow):
    to = {"street": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm", "country": "se"}
    placed = order(uow, ("GLOVES", 1), delivery_address=to)
    assert placed.delivery_address == "Storgatan 1, 111 22 Stockholm, SE"
    assert order(uow, ("GLOVES", 1)).delivery_address is None


def test_a_delivery_address_without_a_town_names_the_field():
    with pytest.raises(InvalidInput) as err:
        load(
            OrderCreate(),
            {
                "customer_id": 1,
                "lines": [{"sku": "A", "quantity": 1}],
                "delivery_address": {"street": "Storgatan 1", "postal_code": "111 22"},
            },
        )
    assert list(err.value.fields) == ["delivery_address.city"]


def test_the_same_sku_twice_is_refused():
    with pytest.raises(InvalidInput):
        load(
            OrderCreate(),
            {"customer_id": 1, "lines": [{"sku": "A", "quantity": 1}, {"sku": "A", "quantity": 2}]},
        )


def test_a_duplicate_sku_is_a_conflict(uow):
    with pytest.raises(Conflict), uow.transaction() as session:
        catalogue.create_product(session, load(ProductCreate(), {"sku": "SPADE", "name": "x", "price": "1"}))


def test_a_product_cannot_be_its_own_alternative(uow):
    with pytest.raises(InvalidInput) as err, uow.transaction() as session:
        catalogue.set_alternatives(session, catalogue.product_by_sku(session, "SPADE"), ["SPADE", "NOPE"])
    assert err.value.fields == {
        "alternatives.0": "a product is not its own alternative",
        "alternatives.1": "no such product",
    }


def test_suggestions_come_from_what_was_bought_together_and_the_week(uow):
    order(uow, ("SPADE", 1), ("GLOVES", 1))
    order(uow, ("SPADE-XL", 1), ("GLOVES", 1), ("HOSE", 1))
    order(uow, ("SPADE-XL", 1), ("HOSE", 1), cid=2)
    with uow.transaction() as session:
        catalogue.set_week_product(session, "SPADE", date(2026, 11, 26))  # a Thursday of this week
    with uow.read() as session:
        found = upsell.suggestions(session, ["SPADE-XL"], TODAY)
        assert [(p.sku, n) for p, n in found["bought_together"]] == [("HOSE", 2), ("GLOVES", 1)]
        assert found["product_of_the_week"].sku == "SPADE"
        # the week's product is not suggested to a basket that has it
        assert upsell.suggestions(session, ["SPADE"], TODAY)["product_of_the_week"] is None
        assert upsell.suggestions(session, ["SPADE"], date(2026, 12, 1))["product_of_the_week"] is None

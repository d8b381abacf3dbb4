"""A person's data in the order book: exported (GDPR art. 15), erased with the
bookkeeping kept (art. 17)."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.orders import OrderCreate
from crm_common.contracts.order.products import ProductCreate
from services.order import catalogue, ordering, personal_data
from services.order.models import Base, Device, Order, Payment, Refund, ServiceJob
from services.order.rules import OrderRules

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
RULES = OrderRules(
    prepayment_above=Decimal("5000.00"), credit_limit=Decimal("2000.00"), payment_terms_days=30
)


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        catalogue.create_product(
            session, load(ProductCreate(), {"sku": "SPADE", "name": "Spade", "price": "349.00"})
        )
    return uow


def an_order_with_money_and_a_device(uow, cid=7) -> int:
    data = load(OrderCreate(), {"customer_id": cid, "lines": [{"sku": "SPADE", "quantity": 2}]})
    with uow.transaction() as session:
        order = ordering.place_order(
            session, {"id": cid, "credit_limit": None, "discount_percent": None}, data, RULES, TODAY
        )
        session.add(
            Payment(
                customer_id=cid,
                order_id=order.id,
                amount=Decimal("698.00"),
                currency="SEK",
                method="bank",
                reference="Åsa Lindqvist, Storgatan 1",
                created_at=NOW,
            )
        )
        session.add(
            Refund(
                customer_id=cid,
                order_id=order.id,
                amount=Decimal("10.00"),
                currency="SEK",
                reason="Åsa says the handle broke",
                status="pending",
                created_at=NOW,
            )
        )
        device = Device(
            serial="SP-1",
            sku="SPADE",
            name="Spade",
            customer_id=cid,
            sold_on=TODAY,
            warranty_until=TODAY,
            created_at=NOW,
        )
        session.add(device)
        session.flush()
        session.add(
            ServiceJob(
                device_id=device.id,
                customer_id=cid,
                description="Call Åsa on 070-123 45 67 when done",
                status="open",
                labour_cost=Decimal("100.00"),
                parts_cost=Decimal("0.00"),
                under_warranty=False,
                charged=Decimal("100.00"),
                opened_on=TODAY,
                created_at=NOW,
            )
        )
        return order.id


def test_the_export_holds_orders_payments_refunds_and_devices(uow):
    order_id = an_order_with_money_and_a_device(uow)
    with uow.read() as session:
        got = personal_data.export(session, [7], TODAY)
    assert [o["id"] for o in got["orders"]] == [order_id] and got["orders"][0]["total"] == "698.00"
    assert got["payments"][0]["reference"] == "Åsa Lindqvist, Storgatan 1"
    assert got["refunds"][0]["reason"] == "Åsa says the handle broke"
    assert got["devices"][0]["serial"] == "SP-1"
    assert got["devices"][0]["service_jobs"][0]["description"].startswith("Call Åsa")
    with uow.read() as session:
        assert personal_data.export(session, [8], TODAY)["orders"] == []


def test_erasure_keeps_the_amounts_and_drops_what_names_the_person(uow):
    order_id = an_order_with_money_and_a_device(uow)
    with uow.transaction() as session:
        personal_data.erase(session, [7])
    with uow.transaction() as session:
        personal_data.erase(session, [7])  # twice: nothing more happens
    with uow.read() as session:
        got = personal_data.export(session, [7], TODAY)
        assert session.get(Order, order_id).total == Decimal("698.00")
    assert got["orders"][0]["total"] == "698.00" and got["payments"][0]["amount"] == "698.00"
    assert got["refunds"][0]["amount"] == "10.00" and got["devices"][0]["serial"] == "SP-1"
    assert "Åsa" not in str(got) and "070" not in str(got) and "Storgatan" not in str(got)

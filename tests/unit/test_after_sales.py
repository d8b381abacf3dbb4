"""Where is my parcel (issue 21): the carrier's tracking link, and the after-sales picture
the 360° view shows: deliveries, returns with reasons and credit notes, refunds,
invoices, devices under warranty and memberships, each the newest few."""

from datetime import date
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.orders import OrderCreate
from crm_common.contracts.order.products import ProductCreate
from crm_common.contracts.order.servicing import DeviceIn, ServiceJobIn
from crm_common.errors import NotFound
from services.order import (
    after_sales,
    catalogue,
    fulfilment,
    invoicing,
    memberships,
    ordering,
    returns,
    servicing,
)
from services.order.models import Base
from services.order.rules import OrderRules
from services.order.tracking import tracking_url

TODAY = date(2026, 11, 24)
RULES = OrderRules(
    prepayment_above=Decimal("50000.00"), credit_limit=Decimal("100000.00"), payment_terms_days=30
)


def test_a_known_carrier_links_to_its_tracking_page():
    assert (
        tracking_url("PostNord", "00370712345678901234")
        == "https://tracking.postnord.com/se/?id=00370712345678901234"
    )
    assert tracking_url("DB Schenker", "1806 2038 51") == (
        "https://www.dbschenker.com/app/tracking-public/?refNumber=1806203851"
    )
    assert tracking_url("db-schenker", "180620385") == tracking_url("Schenker", "180620385")
    assert tracking_url("bring", "CS111111111NO") == "https://tracking.bring.com/tracking/CS111111111NO"
    for carrier in ("DHL", "Budbee", "Posti", "GLS", "UPS"):
        assert (tracking_url(carrier, "AB-1234") or "").startswith("https://"), carrier


def test_no_link_rather_than_a_guessed_or_injected_one():
    assert tracking_url("Kalles Åkeri", "12345678") is None  # a carrier we do not know
    assert tracking_url(None, "12345678") is None and tracking_url("DHL", None) is None
    assert tracking_url("DHL", "") is None
    for number in (
        '1234"><script>alert(1)</script>',
        "1234&tracking-id=x",
        "../../evil",
        "javascript:alert(1)",
    ):
        assert tracking_url("DHL", number) is None, number
    # the table is data: a deployment's own table, and nothing else, is used when given
    assert (
        tracking_url("Ours", "ABC123", {"ours": "https://t.example/{number}"}) == "https://t.example/ABC123"
    )
    assert tracking_url("PostNord", "ABC123", {"ours": "https://t.example/{number}"}) is None


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for sku in ("SPADE", "MOWER"):
            catalogue.create_product(
                session,
                load(
                    ProductCreate(), {"sku": sku, "name": sku.title(), "price": "100.00", "stock_on_hand": 50}
                ),
            )
        memberships.create_plan(
            session,
            {
                "code": "CLUB",
                "name": "Garden club",
                "kind": "club",
                "price": Decimal("99.00"),
                "currency": "SEK",
                "period_months": 3,
            },
        )
    return uow


def shipped_order(uow, cid, carrier="PostNord", number="PN123456"):
    data = load(OrderCreate(), {"customer_id": cid, "lines": [{"sku": "SPADE", "quantity": 2}]})
    terms = {"id": cid, "credit_limit": None, "discount_percent": None}
    with uow.transaction() as session:
        placed = ordering.place_order(session, terms, data, RULES, TODAY)
        got = ordering.get_order(session, placed.id)
        fulfilment.ship(session, got, {"carrier": carrier, "tracking_number": number}, RULES, TODAY)
        return placed.id


def test_the_picture_of_one_customer_newest_first_and_capped(uow):
    first = shipped_order(uow, 7, "DHL", "JD0001")
    last = shipped_order(uow, 7, "Kalles Åkeri", "K-1")
    shipped_order(uow, 8)  # someone else's
    with uow.transaction() as session:
        invoice = invoicing.invoices_of(session, 7)[-1]
        invoicing.pay_invoice(session, invoice, {"amount": Decimal("200.00"), "method": "giro"}, "ann")
        got = ordering.get_order(session, first)
        returns.receive_return(
            session, got, {"lines": [{"sku": "SPADE", "quantity": 1, "reason": "broken handle"}]}, TODAY
        )
        picture = after_sales.picture(session, 7, 1, TODAY)
    deliveries = picture["deliveries"]
    assert [d["order_id"] for d in deliveries["items"]] == [last] and deliveries["more"] is True
    assert deliveries["items"][0]["tracking_url"] is None  # an unknown carrier: no link
    (back,) = picture["returns"]["items"]
    assert (back["order_id"], back["lines"][0]["reason"], picture["returns"]["more"]) == (
        first,
        "broken handle",
        False,
    )
    assert (
        back["credit_note_id"]
        and back["refund"]["status"] == "pending"
        and back["refund"]["amount"] == "100.00"
    )
    assert [r["id"] for r in picture["refunds"]["items"]] == [back["refund"]["id"]]
    assert picture["invoices"]["items"][0]["kind"] == "credit_note" and picture["invoices"]["more"] is True
    with uow.transaction() as session:
        everything = after_sales.picture(session, 7, 10, TODAY)
    assert [d["tracking_url"] for d in everything["deliveries"]["items"]] == [
        None,
        "https://www.dhl.com/se-en/home/tracking.html?tracking-id=JD0001",
    ]
    assert {d["customer_id"] for d in everything["deliveries"]["items"]} == {7}
    assert everything["invoices"]["more"] is False and len(everything["invoices"]["items"]) == 3


def test_devices_with_warranty_and_jobs_and_memberships_with_renewal(uow):
    with uow.transaction() as session:
        for serial, sold in (("OLD-1", "2023-01-10"), ("NEW-1", "2026-05-02")):
            data = load(DeviceIn(), {"serial": serial, "sku": "MOWER", "customer_id": 7, "sold_on": sold})
            servicing.register_device(session, 7, data)
        device = servicing.device_by_serial(session, "NEW-1")
        servicing.open_job(
            session,
            device,
            load(ServiceJobIn(), {"description": "blade", "labour_cost": "300.00"}),
            TODAY,
            "SEK",
        )
        ended = memberships.join(session, 7, "CLUB", date(2025, 1, 15))
        memberships.leave(session, ended.id, date(2025, 6, 1), "moving")
        memberships.join(session, 7, "CLUB", date(2026, 2, 28))
        picture = after_sales.picture(session, 7, 10, TODAY)
    new, old = picture["devices"]["items"]
    assert (new["serial"], new["under_warranty"], new["warranty_until"]) == ("NEW-1", True, "2028-05-02")
    assert [j["description"] for j in new["service_jobs"]] == ["blade"] and new["service_jobs"][0][
        "charged"
    ] == "0.00"
    assert (old["under_warranty"], old["service_jobs"]) == (False, [])
    active, gone = picture["memberships"]["items"]
    # every three months from 28 February: 28 May, 28 August, then 28 November
    assert (active["status"], active["plan"]["name"], active["renews_on"]) == (
        "active",
        "Garden club",
        "2026-11-28",
    )
    assert (gone["status"], gone["renews_on"]) == ("ended", None)


def test_pages_of_an_order_or_a_customer_and_only_the_owner_reads_an_order(uow):
    first = shipped_order(uow, 7)
    shipped_order(uow, 7)
    with uow.transaction() as session:
        page = after_sales.page(session, "deliveries", 7, None, None, 1)
        assert page["more"] is True
        older = after_sales.page(session, "deliveries", 7, None, page["items"][0]["id"], 1)
        assert [d["order_id"] for d in older["items"]] == [first] and older["more"] is False
        assert after_sales.page(session, "deliveries", None, first, None, 50)["items"][0]["order_id"] == first
        assert after_sales.page(session, "returns", 7, first, None, 50) == {"items": [], "more": False}
        with pytest.raises(NotFound):
            after_sales.page(session, "deliveries", 8, first, None, 50)  # not the customer's order
        with pytest.raises(NotFound):
            after_sales.page(session, "returns", None, 99999, None, 50)

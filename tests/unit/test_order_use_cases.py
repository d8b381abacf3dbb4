"""The order service's use cases, without a broker: each records the event its entrypoint
promises, with the payload built in the module, and asks the customer service only
through what it is given."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from unittest.mock import Mock

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from crm_common.cache import Lru
from crm_common.config import Settings
from crm_common.contracts import load
from crm_common.contracts.order.memberships import PlanIn
from crm_common.contracts.order.offers import OfferCreate
from crm_common.contracts.order.orders import OrderCreate
from crm_common.contracts.order.products import ProductCreate
from crm_common.contracts.order.quotes import QuoteIn
from crm_common.contracts.order.returns import ReturnIn
from crm_common.contracts.order.servicing import DeviceIn, ServiceJobIn
from crm_common.contracts.order.web_orders import WebOrderIn
from crm_common.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.order import (
    catalogue,
    exchange,
    fulfilment,
    invoicing,
    memberships,
    merges,
    offers,
    ordering,
    personal_data,
    quoting,
    restocking,
    returns,
    servicing,
    statistics,
    web_orders,
)
from services.order.customers import Customers
from services.order.models import Base, Order, OutboxMessage
from services.order.rules import OrderRules

DAY = date(2026, 11, 24)


@dataclass(frozen=True)
class Rules(OrderRules):
    """The rules on a fixed business day."""

    def today(self) -> date:
        return DAY


RULES = Rules()


def terms(cid):
    return {"id": cid, "credit_limit": None, "discount_percent": None}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for sku, stock in (("SPADE", 5), ("HOSE", 0)):
            catalogue.create_product(
                session,
                load(
                    ProductCreate,
                    {"sku": sku, "name": sku.title(), "price": "100.00", "stock_on_hand": stock},
                ),
            )
    return uow


def events(uow, kind=None):
    with uow.read() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(e.event_type, e.payload["data"]) for e in rows if kind in (None, e.event_type)]


def place(uow, cid=1, sku="SPADE", quantity=1, **extra):
    data = load(OrderCreate, {"customer_id": cid, "lines": [{"sku": sku, "quantity": quantity}], **extra})
    with uow.transaction() as session:
        return ordering.place(session, terms(cid), data, RULES, "ann")


def test_the_customer_service_is_asked_once_and_an_erased_person_is_not_booked():
    service, cache = Mock(), Lru(10)
    service.get_terms.side_effect = lambda cid: {
        **terms(cid),
        "erased_at": "2026-01-01" if cid == 2 else None,
    }
    customers = Customers(service, cache)
    assert customers.terms(1) == customers.terms(1) and service.get_terms.call_count == 1
    with pytest.raises(InvalidInput) as err:
        customers.terms(2)
    assert err.value.fields == {"customer_id": "erased"}
    assert customers.terms(2, booking=False)["id"] == 2  # a read may see them
    service.get_terms.side_effect = NotFound("no")
    with pytest.raises(InvalidInput) as err:
        customers.terms(3)
    assert err.value.fields == {"customer_id": "not found"}
    service.submit_registration.return_value = {"status": "created"}
    customers.register({"customer": {"kind": "person"}, "reference": "W-9", "lines": []})
    service.submit_registration.assert_called_once_with(
        {"customer": {"kind": "person"}, "source": "web_order", "reference": "W-9"}, "web shop"
    )


def test_placing_cancelling_and_a_refused_approval_are_announced(uow):
    out = place(uow)
    ((kind, placed),) = events(uow)
    assert kind == "order_placed" and placed["order_id"] == out["id"]
    assert (placed["total"], placed["seller"], placed["source"]) == (out["total"], "ann", "agent")
    assert placed["lines"] == [{"sku": "SPADE", "quantity": 1, "product_group": None}]
    with uow.transaction() as session:
        assert ordering.cancel_order(session, out["id"], "bo")["status"] == "cancelled"
    with uow.transaction() as session:
        assert ordering.cancel_order(session, out["id"], "bo")["status"] == "cancelled"  # as it is
    assert [p for _, p in events(uow, "order_cancelled")] == [
        {"order_id": out["id"], "customer_id": 1, "reason": "cancelled by bo", "reference": None}
    ]
    big = place(uow, cid=2, quantity=3)
    with uow.transaction() as session:  # over a limit of 250.00: a supervisor decides
        session.get(Order, big["id"]).status = "awaiting_approval"
    with uow.transaction() as session:
        assert ordering.decide(session, big["id"], False, "sue")["status"] == "cancelled"
    assert events(uow, "order_cancelled")[-1][1]["reason"] == "credit not approved by sue"


def test_a_later_restock_date_tells_each_waiting_order(uow):
    out = place(uow, sku="HOSE", quantity=2)
    with uow.transaction() as session:
        restocking.change_product(session, "HOSE", {"restock_date": DAY})
        restocking.change_product(session, "HOSE", {"restock_date": DAY + timedelta(days=7)})
        restocking.change_product(session, "HOSE", {"name": "Hose"})  # no date sent: nothing moves
    assert [p for _, p in events(uow, "delivery_delayed")] == [
        {
            "order_id": out["id"],
            "customer_id": 1,
            "skus": ["HOSE"],
            "previous": DAY.isoformat(),
            "expected_on": (DAY + timedelta(days=7)).isoformat(),
        }
    ]
    with uow.transaction() as session:
        answer = restocking.goods_arrived(session, "HOSE", 2)
    assert answer["orders_now_ready"] == [out["id"]] and answer["product"]["reserved"] == 2


def test_payments_shipping_returns_and_refunds_are_recorded_as_answered(uow):
    out = place(uow, quantity=2, payment_method="card")
    with uow.transaction() as session:
        paid = invoicing.pay_in_advance(
            session, out["id"], {"amount": Decimal("250.00"), "method": "card"}, "ann"
        )
    assert paid["order"]["status"] == "placed"
    assert events(uow, "payment_received")[0][1] == {**paid["payment"], "order_released": True}
    with uow.transaction() as session:
        shipped = fulfilment.ship_order(session, out["id"], {"carrier": "PostNord"}, RULES)
    assert events(uow, "order_shipped")[0][1] == {**shipped["delivery"], "skus": ["SPADE"]}
    with uow.transaction() as session:
        back = returns.take_back(
            session,
            out["id"],
            load(ReturnIn, {"lines": [{"sku": "SPADE", "quantity": 1, "reason": "broken"}]}),
            DAY,
        )
    assert back["refund"]["amount"] == "100.00" and events(uow, "return_received")[0][1] == back
    with uow.transaction() as session:
        refund = returns.pay_out(session, back["refund"]["id"], "ann")
    assert refund["status"] == "paid" and events(uow, "refund_paid")[0][1] == refund
    second = place(uow, cid=2)
    with uow.transaction() as session:
        fulfilment.ship_order(session, second["id"], {}, RULES)
        invoice = invoicing.invoices_of(session, 2)[0]
        answer = invoicing.register_payment(
            session, invoice.id, {"amount": Decimal("100.00"), "method": "bank"}, None
        )
    assert answer["invoice"]["paid"] == "100.00"
    assert events(uow, "payment_received")[-1][1] == answer["payment"]  # no order_released on an invoice


def test_memberships_service_jobs_and_the_purchase_history(uow):
    with uow.transaction() as session:
        memberships.create_plan(
            session, load(PlanIn, {"code": "CLUB", "name": "Club", "kind": "club", "price": "120.00"})
        )
        started = memberships.start(session, 4, "CLUB", DAY)
        ended = memberships.end(session, started["id"], DAY, "moved")
        servicing.register_device(
            session,
            4,
            load(
                DeviceIn,
                {
                    "serial": "S1",
                    "sku": "SPADE",
                    "customer_id": 4,
                    "sold_on": "2026-01-01",
                    "warranty_months": 24,
                },
            ),
        )
        job = servicing.open_service_job(session, "S1", load(ServiceJobIn, {"description": "bent"}), RULES)
        done = servicing.finish_service_job(session, job["id"], {"labour_cost": Decimal("10.00")}, RULES)
    assert events(uow, "membership_started") == [("membership_started", started)]
    assert events(uow, "membership_ended") == [("membership_ended", ended)] and ended["status"] == "ended"
    assert events(uow, "service_job_opened") == [("service_job_opened", {**job, "serial": "S1"})]
    assert events(uow, "service_job_done") == [("service_job_done", done)] and done["charged"] == "0.00"
    out = place(uow, cid=4)
    with uow.read() as session:
        assert statistics.purchase_history(session, 0, 10) == [
            {
                "order_id": out["id"],
                "customer_id": 4,
                "placed_at": out["created_at"],
                "lines": [{"sku": "SPADE", "quantity": 1, "product_group": None}],
            }
        ]


def test_a_quote_is_accepted_with_the_terms_asked_outside_the_transaction(uow):
    with uow.transaction() as session:
        exchange.set_rate(session, "EUR", Decimal("11.5"), "ann", RULES)
        made = quoting.make(
            session,
            3,
            load(
                QuoteIn,
                {
                    "customer_id": 3,
                    "currency": "EUR",
                    "valid_until": "2026-12-31",
                    "variants": [{"label": "a", "lines": [{"sku": "SPADE", "quantity": 1}]}],
                },
            ),
            "ann",
            RULES,
        )
    assert made["status"] == "open" and events(uow) == [
        ("quote_made", {"quote_id": made["id"], "customer_id": 3})
    ]
    asked = []

    def ask(cid):
        asked.append(cid)
        return terms(cid)

    accepted = quoting.accept(uow, ask, made["id"], "a", RULES, "ann")
    assert asked == [3] and accepted["quote"]["status"] == "accepted"
    assert events(uow, "order_placed")[0][1]["order_id"] == accepted["order"]["id"]
    with uow.transaction() as session, pytest.raises(Conflict, match="accepted"):
        quoting.decline(session, made["id"], DAY)


def test_an_offer_is_checked_before_anyone_is_asked_and_audited(uow):
    ask = Mock(side_effect=lambda cid: terms(9))  # customer 5 was merged into 9
    data = load(
        OfferCreate,
        {
            "description": "spring",
            "kind": "percent",
            "value": "10",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
    )
    with pytest.raises(Forbidden):
        offers.give(uow, ask, Acting("al", "agent"), dict(data), Settings())
    assert not ask.called and events(uow) == []
    out = offers.give(uow, ask, Acting("al", "agent"), {**data, "customer_id": 5}, Settings())
    assert out["customer_id"] == 9
    (made,), (act,) = events(uow, "offer_made"), events(uow, "act_recorded")
    assert made[1] == {"offer_id": out["id"], **out}
    assert (act[1]["actor"], act[1]["action"], act[1]["customer_id"]) == ("al", "offer_made", 9)


def test_a_web_order_waits_for_review_and_the_shop_names_only_its_own_customers(uow):
    customers = Mock()
    customers.register.return_value = {"status": "pending_review", "review_id": 7, "customer_id": None}
    data = load(
        WebOrderIn,
        {
            "reference": "W-1",
            "customer": {"kind": "person", "name": "Åsa"},
            "lines": [{"sku": "SPADE", "quantity": 1}],
        },
    )
    held = web_orders.place(uow, customers, "shop", data, RULES)
    assert (held["status"], held["review_id"]) == ("held_for_review", 7) and events(uow) == []
    named = {**data, "customer_id": 1}
    with pytest.raises(Forbidden):
        web_orders.place(uow, customers, "shop", named, RULES)
    customers.terms.side_effect = terms
    web_orders.review_decided(
        uow, customers, {"event_id": "e1", "data": {"review_id": 7, "customer_id": 1}}, RULES
    )
    assert web_orders.place(uow, customers, "shop", named, RULES)["status"] == "placed"  # now a web customer


def test_a_merge_moves_everything_and_the_export_carries_the_credit(uow):
    out = place(uow, cid=6)
    with uow.transaction() as session:
        merges.follow(session, 6, 8)
    with uow.read() as session:
        exported = personal_data.export_customer(session, terms(8), [8], RULES)
    assert [o["id"] for o in exported["orders"]] == [out["id"]]
    assert exported["credit"]["customer_id"] == 8 and exported["credit"]["unbilled_orders"] == "100.00"

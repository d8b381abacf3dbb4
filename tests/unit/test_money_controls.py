"""Money controls (O4, O6): a customer's credit limit and discount, and offers to every
customer, are a supervisor's decision; an offer has a ceiling; every change is audited.
The role is what the caller's RPC says (crm_common/acting.py), so a caller on the bus that
claims an agent is refused as the gateway's agent is."""

from unittest.mock import Mock

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from crm_common.acting import SYSTEM, Acting
from crm_common.cache import Lru
from crm_common.errors import Forbidden, InvalidInput
from services.customer.models import Base as CustomerBase
from services.customer.models import Customer
from services.customer.models import OutboxMessage as CustomerOutbox
from services.customer.service import CustomerService
from services.order.models import Base as OrderBase
from services.order.models import Offer
from services.order.models import OutboxMessage as OrderOutbox
from services.order.service import OrderService

AGENT = Acting("agent", "agent")
SUPERVISOR = Acting("sue", "supervisor")
SHOP = Acting("shop", "shop")
PERSON = {"kind": "person", "given_name": "Maja", "family_name": "Berg"}
OFFER = {
    "description": "spring",
    "kind": "percent",
    "value": "10",
    "valid_from": "2026-01-01",
    "valid_until": "2030-12-31",
}


def customers(uow_factory, actor):
    return worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=actor)


def orders(uow_factory, actor):
    svc = worker_factory(
        OrderService, db=uow_factory(OrderBase), actor=actor, customers=Mock(), customer_cache=Lru(10)
    )
    svc.customers.get_terms.side_effect = lambda cid: {
        "id": cid,
        "credit_limit": None,
        "discount_percent": None,
    }
    return svc


@pytest.mark.parametrize("field", ["credit_limit", "discount_percent"])
def test_an_agent_may_not_give_a_new_customer_credit_or_a_discount(uow_factory, field):
    svc = customers(uow_factory, AGENT)
    with pytest.raises(Forbidden) as err:
        svc.create_customer({**PERSON, field: "50"})
    assert err.value.fields == {field: "a supervisor's decision"} and "supervisor" in err.value.message
    with svc.db.read() as session:
        assert session.scalars(select(Customer)).all() == []
    assert svc.create_customer({**PERSON, field: None})["id"]  # nothing set: nothing to decide


def test_an_agent_may_change_other_fields_but_not_the_terms_a_supervisor_may(uow_factory):
    svc = customers(uow_factory, SUPERVISOR)
    cid = svc.create_customer({**PERSON, "credit_limit": "5000", "discount_percent": "5"})["id"]
    svc.actor = AGENT
    with pytest.raises(Forbidden) as err:
        svc.update_customer(cid, {"job_title": "Buyer", "credit_limit": "900000"})
    assert set(err.value.fields) == {"credit_limit"}
    assert svc.get_customer(cid)["job_title"] is None  # nothing of the refused change is written
    # the form sends the terms back unchanged: that is no decision
    out = svc.update_customer(cid, {"job_title": "Buyer", "credit_limit": "5000.00", "discount_percent": "5"})
    assert (out["job_title"], out["credit_limit"]) == ("Buyer", "5000.00")
    with pytest.raises(Forbidden):
        svc.update_customer(cid, {"discount_percent": None})
    svc.actor = Acting("admin", "admin")
    assert svc.update_customer(cid, {"credit_limit": "8000"})["credit_limit"] == "8000.00"


def test_a_registration_from_the_web_shop_cannot_bring_credit_with_it(uow_factory):
    svc = customers(uow_factory, SHOP)
    with pytest.raises(Forbidden) as err:
        svc.submit_registration(
            {"customer": {**PERSON, "credit_limit": "1000000"}, "source": "web_order", "reference": "W1"},
            "web shop",
        )
    assert err.value.fields == {"credit_limit": "a supervisor's decision"}


def test_the_system_itself_may_set_terms(uow_factory):
    assert customers(uow_factory, SYSTEM).create_customer({**PERSON, "credit_limit": "50000"})["credit_limit"]


def test_an_offer_to_everyone_is_a_supervisors_and_is_audited(uow_factory):
    svc = orders(uow_factory, AGENT)
    with pytest.raises(Forbidden) as err:
        svc.make_offer(OFFER)
    assert set(err.value.fields) == {"customer_id"}
    with pytest.raises(Forbidden):  # the role first: the ceiling is none of the agent's business
        svc.make_offer({**OFFER, "value": "90"})
    assert svc.make_offer({**OFFER, "customer_id": 7})["customer_id"] == 7  # one customer: an agent may
    svc.actor = SUPERVISOR
    made = svc.make_offer(OFFER)
    with svc.db.read() as session:
        assert len(session.scalars(select(Offer)).all()) == 2
        acts = [
            m.payload["data"]
            for m in session.scalars(select(OrderOutbox).order_by(OrderOutbox.id))
            if m.event_type == "act_recorded"
        ]
    assert [(a["actor"], a["actor_role"], a["action"], a["customer_id"]) for a in acts] == [
        ("agent", "agent", "offer_made", 7),
        ("sue", "supervisor", "offer_made", None),
    ]
    assert acts[1]["target"] == f"offer {made['id']}"
    assert {"field": "value", "old": None, "new": "10.00"} in acts[1]["details"]["changes"]


@pytest.mark.parametrize(
    "offer, env, message",
    [
        ({"kind": "percent", "value": "60"}, {}, "at most 50 %"),
        ({"kind": "percent", "value": "30"}, {"CRM_MAX_OFFER_PERCENT": "25"}, "at most 25 %"),
        ({"kind": "amount", "value": "1000.01"}, {}, "at most 1000.00"),
        ({"kind": "amount", "value": "300"}, {"CRM_MAX_OFFER_AMOUNT": "250"}, "at most 250"),
    ],
)
def test_an_offer_past_the_ceiling_is_refused_by_its_value(uow_factory, monkeypatch, offer, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    svc = orders(uow_factory, SUPERVISOR)
    with pytest.raises(InvalidInput) as err:
        svc.make_offer({**OFFER, **offer})
    assert err.value.fields == {"value": message}
    with svc.db.read() as session:
        assert session.scalars(select(Offer)).all() == []


def test_every_change_of_the_terms_is_audited_with_old_and_new(uow_factory):
    svc = customers(uow_factory, SUPERVISOR)
    cid = svc.create_customer({**PERSON, "credit_limit": "5000"})["id"]
    svc.update_customer(cid, {"credit_limit": "7500", "discount_percent": "2.5"})
    svc.actor = AGENT
    svc.update_customer(cid, {"job_title": "Buyer", "credit_limit": "7500"})  # no change: no act
    with svc.db.read() as session:
        acts = [
            m.payload["data"]
            for m in session.scalars(select(CustomerOutbox).order_by(CustomerOutbox.id))
            if m.event_type == "act_recorded" and m.payload["data"]["action"] == "credit_terms_changed"
        ]
    assert [(a["actor"], a["customer_id"], a["details"]["changes"]) for a in acts] == [
        ("sue", cid, [{"field": "credit_limit", "old": None, "new": "5000.00"}]),
        (
            "sue",
            cid,
            [
                {"field": "credit_limit", "old": "5000.00", "new": "7500.00"},
                {"field": "discount_percent", "old": None, "new": "2.50"},
            ],
        ),
    ]


def test_a_registration_a_supervisor_sends_with_credit_is_audited(uow_factory):
    svc = customers(uow_factory, SUPERVISOR)
    out = svc.submit_registration(
        {"customer": {**PERSON, "credit_limit": "3000"}, "source": "api", "reference": "R1"}, "sue"
    )
    with svc.db.read() as session:
        acts = [
            m.payload["data"]
            for m in session.scalars(select(CustomerOutbox))
            if m.event_type == "act_recorded" and m.payload["data"]["action"] == "credit_terms_changed"
        ]
    assert [(a["customer_id"], a["details"]["changes"]) for a in acts] == [
        (out["customer_id"], [{"field": "credit_limit", "old": None, "new": "3000.00"}])
    ]


def test_terms_a_merge_fills_in_are_audited_on_the_survivor(uow_factory):
    svc = customers(uow_factory, SUPERVISOR)
    survivor = svc.create_customer({**PERSON, "national_id": "811228-9874"})["id"]
    merged = svc.create_customer({**PERSON, "discount_percent": "4"}, confirm_new=True)["id"]
    assert svc.merge_customers(survivor, merged, "sue")["discount_percent"] == "4.00"
    with svc.db.read() as session:
        acts = [
            m.payload["data"]
            for m in session.scalars(select(CustomerOutbox).order_by(CustomerOutbox.id))
            if m.event_type == "act_recorded" and m.payload["data"]["action"] == "credit_terms_changed"
        ]
    assert [(a["customer_id"], a["details"]["changes"]) for a in acts][-1] == (
        survivor,
        [{"field": "discount_percent", "old": None, "new": "4.00"}],
    )

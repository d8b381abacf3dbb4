"""The review queue (C5) through the customer service's entrypoints (worker_factory, real
SQLite): clean registrations enter, look-alikes and flagged addresses wait for a decision."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from crm_common.acting import SYSTEM
from crm_common.errors import Conflict, InvalidInput
from services.customer.models import Base, Customer, OutboxMessage
from services.customer.service import CustomerService

ASA = {
    "kind": "person",
    "given_name": "Åsa",
    "family_name": "Lindqvist",
    "phones": [{"number": "070-1234567"}],
    "addresses": [{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}],
}


@pytest.fixture
def svc(uow_factory):
    return worker_factory(CustomerService, db=uow_factory(Base), actor=SYSTEM)


def customers(svc):
    with svc.db.read() as session:
        return session.scalar(select(func.count()).select_from(Customer))


def events(svc, kind):
    with svc.db.read() as session:
        return [
            e.payload["data"]
            for e in session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == kind))
        ]


def test_a_clean_registration_is_created_at_once(svc):
    out = svc.submit_registration({"customer": ASA, "source": "web_order", "reference": "W-1"}, "shop")
    assert out["status"] == "created" and customers(svc) == 1 and svc.list_review() == []


def test_a_look_alike_waits_and_approve_creates_it(svc):
    first = svc.create_customer(ASA)
    out = svc.submit_registration(
        {"customer": {**ASA, "given_name": "Asa"}, "source": "web_order", "reference": "W-2"}, "shop"
    )
    assert out["status"] == "pending_review" and customers(svc) == 1
    (item,) = svc.list_review()
    assert item["matches"][0]["customer"]["id"] == first["id"] and item["reference"] == "W-2"
    assert events(svc, "review_requested") == [
        {"review_id": item["id"], "source": "web_order", "reference": "W-2"}
    ]
    decided = svc.decide_review(item["id"], {"decision": "approve", "note": "twins"}, "ann")
    assert decided["status"] == "approved" and decided["customer_id"] != first["id"] and customers(svc) == 2
    assert events(svc, "review_decided")[-1]["customer_id"] == decided["customer_id"]
    with pytest.raises(Conflict):
        svc.decide_review(item["id"], {"decision": "reject"}, "ann")
    assert svc.list_review() == []


def test_merge_folds_the_registration_into_the_existing_customer(svc):
    first = svc.create_customer(ASA)
    out = svc.submit_registration({"customer": {**ASA, "emails": [{"address": "asa@new.example"}]}}, "shop")
    decided = svc.decide_review(out["review_id"], {"decision": "merge", "into": first["id"]}, "ann")
    assert (decided["status"], decided["customer_id"]) == ("merged", first["id"])
    assert [e["address"] for e in svc.get_customer(first["id"])["emails"]] == ["asa@new.example"]
    assert events(svc, "customer_merged")[0]["survivor_id"] == first["id"]


def test_reject_drops_it(svc):
    svc.create_customer(ASA)
    out = svc.submit_registration({"customer": ASA}, "shop")
    decided = svc.decide_review(out["review_id"], {"decision": "reject"}, "ann")
    assert (decided["status"], decided["customer_id"]) == ("rejected", None) and customers(svc) == 1


def test_a_doubtful_address_waits_too(svc):
    wrong_town = {
        **ASA,
        "addresses": [{"street": "Storgatan 1", "postal_code": "411 38", "city": "Stockholm"}],
    }
    out = svc.submit_registration({"customer": wrong_town}, "shop")
    assert out["status"] == "pending_review"
    assert [w["code"] for w in svc.get_review(out["review_id"])["warnings"]] == ["town_mismatch"]


def test_bad_registrations_name_the_field(svc):
    with pytest.raises(InvalidInput) as err:
        svc.submit_registration({"customer": {"kind": "person"}}, "shop")
    assert "customer.given_name" in err.value.fields
    svc.create_customer(ASA)
    out = svc.submit_registration({"customer": ASA}, "shop")
    with pytest.raises(InvalidInput) as err:
        svc.decide_review(out["review_id"], {"decision": "merge"}, "ann")
    assert "into" in err.value.fields

"""A person's data in the register: exported whole (GDPR art. 15), erased for good (art. 17)."""

from datetime import datetime, timezone

import pytest
from nameko.testing.services import worker_factory

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.errors import Conflict, InvalidInput
from services.customer import (
    blocking,
    customer_log,
    intake,
    merging,
    personal_data,
    profiles,
    register,
    relations,
    review,
)
from services.customer.models import Base, MatchKey, MatchProfile, Merge, OutboxMessage, ReviewItem
from services.customer.service import CustomerService

NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        c = register.create_customer(session, load(CustomerCreate(), data), "SE")
        blocking.store(session, c.id, profiles.from_customer(c))
        return c.id


PERSON = dict(
    kind="person",
    given_name="Åsa",
    family_name="Lindqvist",
    national_id="8112289874",
    phones=[{"number": "070-1234567"}],
    emails=[{"address": "asa@example.se"}],
    addresses=[{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}],
)


def a_person_with_history(uow):
    """Åsa, who moved once, has a note, a log entry, an employer, and a duplicate merged in."""
    asa = create(uow, **PERSON)
    dup = create(uow, kind="person", name="Asa Lindqvist", emails=[{"address": "asa.l@example.se"}])
    org = create(uow, kind="organisation", name="Acme AB")
    with uow.transaction() as session:
        register.update_customer(
            session,
            asa,
            {"addresses": [{"street": "Nygatan 9", "postal_code": "111 57", "city": "Stockholm"}]},
        )
        relations.add_note(session, asa, "ann", "Åsa prefers calls after five")
        customer_log.add_entry(
            session, asa, "ann", {"text": "Åsa is moving abroad", "importance": "red"}, NOW.date()
        )
        relations.link_person(session, org, {"person_id": asa, "is_contact": True})
        merging.merge(session, asa, dup, "sup", {"name": "Asa Lindqvist", "emails": ["asa.l@example.se"]})
    return asa, dup, org


def test_the_export_holds_the_record_its_history_and_what_was_merged_into_it(uow):
    asa, dup, org = a_person_with_history(uow)
    with uow.read() as session:
        got = personal_data.export(session, dup, "SE", NOW)  # the merged-away id finds her too
    assert got["customer"]["id"] == asa and got["customer"]["national_id"] == "811228-9874"
    assert {a["street"] for a in got["customer"]["address_history"]} == {"Storgatan 1"}
    assert {e["address"] for e in got["customer"]["emails"]} == {"asa@example.se", "asa.l@example.se"}
    assert [e["organisation_id"] for e in got["customer"]["employments"]] == [org]
    assert [r["id"] for r in got["merged_records"]] == [dup]
    assert [n["text"] for n in got["notes"]] == ["Åsa prefers calls after five"]
    assert [e["text"] for e in got["log_entries"]] == ["Åsa is moving abroad"]
    assert [m["merged_id"] for m in got["merges"]] == [dup]


def test_erasure_blanks_the_person_everywhere_in_the_register_and_keeps_the_bookkeeping(uow):
    asa, dup, org = a_person_with_history(uow)
    with uow.transaction() as session:
        customer, ids, now = personal_data.erase(session, asa, NOW)
    assert now and sorted(ids) == sorted([asa, dup])
    with uow.read() as session:
        erased = register.get_customer(session, asa)
        assert (erased.name, erased.given_name, erased.family_name) == ("Erased", None, None)
        assert erased.national_id is None and erased.birthday is None
        assert erased.phones == [] and erased.emails == [] and erased.addresses == []
        assert erased.kind == "person" and erased.country == "SE" and erased.erased_at is not None
        assert register.get_customer(session, dup).name == "Erased"
        assert [n.text for n in relations.latest_notes(session, asa, 10)] == ["[erased]"]
        assert [e.text for e in customer_log.current(session, asa, NOW.date())] == ["[erased]"]
        assert relations.employments(session, org) == []
        assert session.query(MatchKey).filter(MatchKey.customer_id.in_(ids)).count() == 0
        assert session.query(MatchProfile).filter(MatchProfile.customer_id.in_(ids)).count() == 0
        assert session.query(Merge).one().snapshot == {"erased": True}
        text = str(personal_data.export(session, asa, "SE", NOW))
        for value in ("Åsa", "Lindqvist", "9874", "asa@example.se", "46701234567", "Storgatan", "Nygatan"):
            assert value not in text
        assert register.search_customers(session, "asa@example.se", "SE") == []
        assert register.find_by_phone(session, "+46701234567") == []


def test_an_erased_person_never_matches_a_new_record_again(uow):
    asa = create(uow, **PERSON)
    with uow.transaction() as session:
        personal_data.erase(session, asa, NOW)
    with uow.read() as session:
        hits = intake.look_alikes(session, load(CustomerCreate(), PERSON), "SE")
    assert [h for h in hits if h["customer"]["id"] == asa] == []


def test_erasing_twice_is_harmless_and_an_erased_person_takes_no_change(uow):
    asa = create(uow, **PERSON)
    other = create(uow, kind="person", name="Bo Ek")
    with uow.transaction() as session:
        personal_data.erase(session, asa, NOW)
    with uow.transaction() as session:
        customer, ids, now = personal_data.erase(session, asa, NOW)
        assert not now and customer.name == "Erased"
    with uow.transaction() as session:
        with pytest.raises(Conflict):
            register.update_customer(session, asa, {"given_name": "Åsa"})
        with pytest.raises(Conflict):
            relations.add_note(session, asa, "ann", "back again")
        with pytest.raises(Conflict):
            merging.merge(session, other, asa, "sup", {})
        with pytest.raises(Conflict):
            merging.merge(session, asa, other, "sup", {})


def test_an_organisation_is_not_erased_as_a_person(uow):
    org = create(uow, kind="organisation", name="Acme AB")
    with uow.transaction() as session:
        with pytest.raises(InvalidInput):
            personal_data.erase(session, org, NOW)


def test_registrations_from_the_persons_address_or_number_go_with_the_person(uow):
    """An unknown sender's registration (a mail or SMS that opened a case) waits in the
    review queue with no customer id: erasing the person blanks it by their e-mail or
    number, and the look-alikes other items name lose the person."""
    asa = create(uow, **PERSON)
    with uow.transaction() as session:
        by_mail = review.enqueue(
            session,
            {"kind": "person", "name": "Åsa L", "emails": [{"address": "ASA@example.se"}]},
            "inbound_message",
            "<m1@example.se>",
            [],
            [],
            "intake",
        ).id
        by_sms = review.enqueue(
            session,
            {"kind": "person", "name": "+46 70 123 45 67", "phones": [{"number": "0701234567"}]},
            "inbound_message",
            "<sms1>",
            [],
            [],
            "intake",
        ).id
        alike = [{"customer": {"id": asa, "kind": "person", "name": "Åsa Lindqvist"}, "verdict": "duplicate"}]
        bos = review.enqueue(
            session,
            {"kind": "person", "name": "Bo Ek", "emails": [{"address": "bo@example.se"}]},
            "api",
            None,
            alike,
            [],
            "ann",
        ).id
    with uow.read() as session:
        held = personal_data.contacts(session, asa)
    assert held == {"emails": ["asa@example.se"], "phones": ["+46701234567"]}
    with uow.transaction() as session:
        personal_data.erase(session, asa, NOW)
    with uow.read() as session:
        for item_id in (by_mail, by_sms):
            item = session.get(ReviewItem, item_id)
            assert item.data == {"erased": True} and (item.status, item.decided_by) == ("rejected", "erasure")
        bo = session.get(ReviewItem, bos)
        assert bo.status == "pending" and bo.data["name"] == "Bo Ek" and bo.matches == []


def test_the_erasure_event_carries_the_persons_addresses_for_the_services_that_hold_them(uow):
    """Read before the blanking, sent under `until_published`: the outbox drops that
    part once the event is out (tests/unit/test_outbox.py)."""
    asa = create(uow, **PERSON)
    svc = worker_factory(CustomerService, db=uow)
    assert svc.erase_customer(asa, "admin", "asked")["already_erased"] is False
    with uow.read() as session:
        (event,) = [r.payload for r in session.query(OutboxMessage) if r.event_type == "customer_erased"]
    assert event["data"]["until_published"] == {"emails": ["asa@example.se"], "phones": ["+46701234567"]}
    assert event["data"]["customer_ids"] == [asa] and event["data"]["reason"] == "asked"

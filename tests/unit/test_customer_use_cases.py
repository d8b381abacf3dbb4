"""The customer service's use cases without a broker: what each writes, which audit acts
and events it records, and the portal's own-details rules (real SQLite, no nameko)."""

from datetime import date

import pytest
from sqlalchemy import select

from crm_common.acting import SYSTEM, Acting
from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.contracts.customer.imports import ImportIn
from crm_common.errors import Conflict, DuplicateSuspected, InvalidInput
from crm_common.outbox import UNTIL_PUBLISHED
from services.customer import (
    address_blocks,
    customer_log,
    duplicate_scan,
    importing,
    intake,
    merges,
    personal_data,
    register,
    relations,
    review_decisions,
    updating,
)
from services.customer.models import Base, Customer, OutboxMessage
from services.customer.verdicts import Thresholds

TODAY = date(2026, 12, 7)
AGENT = Acting("agent", "agent")


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        return intake.create(session, load(CustomerCreate(), {"kind": "person", **data}), "SE").id


def events(uow, kind):
    with uow.read() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == kind))
        return [row.payload["data"] for row in rows]


def acts(uow, action):
    return [a for a in events(uow, "act_recorded") if a["action"] == action]


def test_creating_refuses_a_probable_duplicate_unless_confirmed(uow):
    asa = {"given_name": "Åsa", "family_name": "Lindqvist", "phones": [{"number": "070-1234567"}]}
    first = create(uow, **asa, birthday="1980-02-01")
    valid = load(CustomerCreate(), {"kind": "person", **asa, "birthday": "1980-02-01"})
    with uow.transaction() as session, pytest.raises(DuplicateSuspected) as err:
        intake.create_customer(session, AGENT, valid, "SE", confirm_new=False)
    assert err.value.matches[0]["customer"]["id"] == first
    with uow.transaction() as session:
        out = intake.create_customer(session, AGENT, valid, "SE", confirm_new=True)
    assert out["matches"][0]["customer"]["id"] == first and out["employments"] == []
    [act] = acts(uow, "customer_created")
    assert act["customer_id"] == out["id"] and act["actor"] == "agent"
    assert events(uow, "customer_created")[-1]["customer_id"] == out["id"]


def test_a_registration_names_the_customers_bad_field_under_customer():
    with pytest.raises(InvalidInput) as err:
        intake.load_registration({"customer": {"kind": "person"}, "source": "api"})
    assert all(name.startswith("customer.") for name in err.value.fields)


def test_merging_audits_and_announces_the_merge(uow):
    survivor, merged = create(uow, name="Bo Ek"), create(uow, name="Bo Eek")
    with uow.transaction() as session:
        out = merges.merge_customers(session, AGENT, survivor, merged, "sup")
    assert out["id"] == survivor
    assert events(uow, "customer_merged") == [{"survivor_id": survivor, "merged_id": merged}]
    [act] = acts(uow, "customers_merged")
    assert act["customer_id"] == survivor and act["target"] == f"customer {merged}"


def test_a_decided_review_becomes_the_customer_it_was_merged_into(uow):
    into = create(uow, name="Bo Ek", phones=[{"number": "070-1112233"}])
    with uow.transaction() as session:
        raw = {"kind": "person", "name": "Bo Ek", "phones": [{"number": "070-1112233"}]}
        held = intake.register_or_hold(session, raw, load(CustomerCreate(), raw), "api", "r-1", "shop", "SE")
    assert held["status"] == "pending_review"
    with uow.transaction() as session:
        decision = {"decision": "merge", "into": into}
        out = review_decisions.decide_review(session, AGENT, held["review_id"], decision, "sup", "SE")
    assert out["status"] == "merged"
    [decided] = events(uow, "review_decided")
    assert decided == {
        "review_id": held["review_id"],
        "status": "merged",
        "customer_id": into,
        "source": "api",
        "reference": "r-1",
    }
    assert [a["customer_id"] for a in acts(uow, "review_decided")] == [into]


def test_an_import_runs_to_its_end_and_is_audited_once(uow):
    with uow.transaction() as session:
        data = {"csv": "name\nBo Ek\nCia Berg\n", "mapping": {"name": "name"}, "mode": "link"}
        job = importing.start_import(session, load(ImportIn, data), "sup")
    assert events(uow, "import_started") == [{"import_id": job["id"]}]
    importing.run_import(uow, job["id"], "SE")
    importing.run_import(uow, job["id"], "SE")  # delivered again: nothing more
    [act] = acts(uow, "customers_imported")
    assert act["actor"] == "sup" and act["details"]["created"] == 2


def test_a_scan_runs_from_its_event_and_reports_its_pairs(uow):
    create(uow, given_name="Åsa", family_name="Lindqvist", phones=[{"number": "070-1234567"}])
    create(uow, given_name="Asa", family_name="Lindqvist", phones=[{"number": "070-1234567"}])
    with uow.transaction() as session:
        scan = duplicate_scan.start_scan(session, "sup")
    assert events(uow, "duplicate_scan_started") == [{"scan_id": scan["id"]}]
    duplicate_scan.run_scan(uow, scan["id"], Thresholds())
    with uow.read() as session:
        report = duplicate_scan.pairs_report(session, None, 10, None)
        groups = duplicate_scan.groups_report(session, scan["id"], 10)
    assert report["scan"]["status"] == "done" and len(report["pairs"]) == 1
    assert groups["scan"]["id"] == scan["id"]


def test_a_block_and_its_lifting_are_on_the_trail(uow):
    with uow.transaction() as session:
        data = {"kind": "postcode", "postal_code": "411 38", "reason": "fraud", "country": "SE"}
        out = address_blocks.block(session, AGENT, data, "sup", "SE")
    with uow.transaction() as session:
        address_blocks.lift(session, AGENT, out["id"])
    [made], [lifted] = acts(uow, "address_block_created"), acts(uow, "address_block_deleted")
    assert made["target"] == lifted["target"] == f"address block {out['id']}"


def test_a_numbers_owners_come_with_the_organisations_they_work_for(uow):
    person = create(uow, name="Bo Ek", phones=[{"number": "070-1112233"}])
    with uow.transaction() as session:
        org = intake.create(session, load(CustomerCreate(), {"kind": "organisation", "name": "Ek AB"}), "SE")
        relations.link(session, AGENT, org.id, {"person_id": person, "is_contact": True})
    with uow.read() as session:
        [owner] = relations.phone_owners(session, "070-111 22 33", "SE")
        with pytest.raises(InvalidInput):
            relations.phone_owners(session, "not a number", "SE")
    assert owner["customer"]["id"] == person and owner["e164"] == "+46701112233"
    assert owner["organisations"] == [{"id": org.id, "name": "Ek AB"}]
    assert acts(uow, "contact_person_linked")[0]["customer_id"] == org.id


def test_a_log_entry_for_a_merged_away_id_goes_to_the_survivor(uow):
    survivor, merged = create(uow, name="Bo Ek"), create(uow, name="Bo Eek")
    with uow.transaction() as session:
        merges.merge_customers(session, SYSTEM, survivor, merged, "sup")
        out = customer_log.add(
            session, AGENT, merged, "agent", {"text": "call back", "importance": "red"}, TODAY
        )
    assert out["customer_id"] == survivor
    assert acts(uow, "log_entry_added")[0]["customer_id"] == survivor


def test_an_erasure_is_announced_once(uow):
    person = create(uow, name="Bo Ek", emails=[{"address": "bo@example.se"}])
    with uow.transaction() as session:
        first = personal_data.erase_customer(session, person, "dpo", "asked", utcnow())
    with uow.transaction() as session:
        again = personal_data.erase_customer(session, person, "dpo", "asked", utcnow())
    assert (first["already_erased"], again["already_erased"]) == (False, True)
    [erased] = events(uow, "customer_erased")
    assert erased["customer_ids"] == [person] and erased["erased_by"] == "dpo"
    assert UNTIL_PUBLISHED not in erased or erased[UNTIL_PUBLISHED]["emails"] == ["bo@example.se"]


# -- the portal's own details (own_details.py, through updating.update_own_details) ------


def own(uow, customer_id, data):
    with uow.transaction() as session:
        return updating.update_own_details(session, Acting("portal"), customer_id, data, TODAY)


def test_my_new_mobile_replaces_the_old_mobile_and_keeps_the_rest(uow):
    me = create(
        uow,
        name="Bo Ek",
        phones=[{"number": "070-1112233", "label": "mobile"}, {"number": "031-123456", "label": "home"}],
    )
    out = own(uow, me, {"phone": "070-999 88 77"})
    assert [(p["e164"], p["label"]) for p in out["phones"]] == [
        ("+46709998877", "mobile"),
        ("+4631123456", "home"),
    ]
    [updated] = events(uow, "customer_updated")
    assert updated["fields"] == ["phones"] and "+46709998877" in updated["phones"]
    assert acts(uow, "customer_updated")[0]["customer_id"] == me


def test_my_new_mobile_keeps_my_second_mobile_and_is_not_stored_twice(uow):
    me = create(
        uow,
        name="Bo Ek",
        phones=[
            {"number": "070-1112233", "label": "mobile"},
            {"number": "073-4445566", "label": "mobile"},
            {"number": "031-123456", "label": "home"},
        ],
    )
    out = own(uow, me, {"phone": "070-999 88 77"})
    assert [(p["e164"], p["label"]) for p in out["phones"]] == [
        ("+46709998877", "mobile"),
        ("+46734445566", "mobile"),
        ("+4631123456", "home"),
    ]
    again = own(uow, me, {"phone": "073-444 55 66"})  # the second becomes the one shown
    assert [p["e164"] for p in again["phones"]] == ["+46734445566", "+4631123456"]


def test_another_persons_number_is_refused_and_nothing_is_written(uow):
    create(uow, name="Cia Berg", phones=[{"number": "070-1112233"}])
    me = create(uow, name="Bo Ek")
    with pytest.raises(Conflict) as err:
        own(uow, me, {"phone": "0701112233"})
    assert err.value.fields == {"phone": "belongs to another customer"}
    assert events(uow, "customer_updated") == []


def test_an_organisations_number_is_no_obstacle(uow):
    with uow.transaction() as session:
        raw = {"kind": "organisation", "name": "Ek AB", "phones": [{"number": "070-1112233"}]}
        intake.create(session, load(CustomerCreate(), raw), "SE")
    me = create(uow, name="Bo Ek")
    assert own(uow, me, {"phone": "070-1112233"})["phones"][0]["e164"] == "+46701112233"


def test_a_bad_number_and_a_bad_address_speak_the_portals_field_names(uow):
    me = create(uow, name="Bo Ek")
    with pytest.raises(InvalidInput) as err:
        own(uow, me, {"phone": "abc"})
    assert (err.value.message, err.value.fields) == (
        "please check the number",
        {"phone": "not a phone number"},
    )
    with pytest.raises(InvalidInput) as err:
        own(uow, me, {"address": {"street": "Storgatan 1", "postal_code": "411 38", "city": "Stockholm"}})
    assert err.value.message == "please check the address"
    assert err.value.fields == {
        "address": "411 38 belongs to GÖTEBORG, not Stockholm (the register says GÖTEBORG)"
    }


def test_my_new_address_moves_the_old_one_to_the_history(uow):
    me = create(
        uow, name="Bo Ek", addresses=[{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}]
    )
    out = own(uow, me, {"address": {"street": "Kungsgatan 2", "postal_code": "411 19", "city": "Göteborg"}})
    assert [a["street"] for a in out["addresses"]] == ["Kungsgatan 2"]
    with uow.read() as session:
        customer = session.get(Customer, me)
        assert sorted(a.street for a in customer.addresses) == ["Kungsgatan 2", "Storgatan 1"]
        assert register.get_customer(session, me).id == me

"""Stored profiles (what matching reads): the same as a profile built from the tables,
kept current by every change, and built from the tables where a row is missing or old."""

import json

import pytest
from sqlalchemy import delete, update

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate, CustomerUpdate
from services.customer import blocking, matching, merging, profile_store, profiles, register
from services.customer.models import Base, MatchProfile
from services.customer.verdicts import Thresholds

KALLE = {
    "kind": "person",
    "given_name": "Kalle",
    "family_name": "Öberg",
    "birthday": "1979-03-09",
    "national_id": "19790309-1234",
    "phones": [{"number": "070-123 45 67"}, {"number": "08-555 66 77"}],
    "emails": [{"address": "Kalle.Oberg+shop@Example.com"}],
    "addresses": [
        {"street": "Storgatan 12 B", "postal_code": "411 38", "city": "Göteborg"},
        {"kind": "delivery", "street": "Hamngatan 3", "postal_code": "111 47", "city": "Stockholm"},
    ],
}
FIRM = {
    "kind": "organisation",
    "name": "Öberg & Söner AB",
    "org_number": "556036-0793",
    "phones": [{"number": "031-12 34 56"}],
    "addresses": [{"street": "Industrivägen 4", "postal_code": "411 38", "city": "Göteborg"}],
}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, data):
    with uow.transaction() as session:
        c = register.create_customer(session, load(CustomerCreate(), data), "SE")
        blocking.store(session, c.id, profiles.from_customer(c))
        return c.id


def built(uow, cid):
    with uow.read() as session:
        return profiles.from_customer(register.get_customer(session, cid))


@pytest.mark.parametrize("data", [KALLE, FIRM], ids=["person", "organisation"])
def test_a_stored_profile_reads_back_as_the_one_built_from_the_tables(uow, data):
    cid = create(uow, data)
    expected = built(uow, cid)
    assert expected.phones and expected.places  # the fields worth keeping are there
    with uow.read() as session:
        assert profile_store.load_many(session, [cid]) == {cid: expected}
    document = json.loads(json.dumps(profile_store.document(expected)))
    assert profile_store.from_document(cid, document) == expected


@pytest.mark.parametrize(
    "spoil",
    [
        delete(MatchProfile),
        update(MatchProfile).values(form=profile_store.FORM - 1, document={}),
    ],
    ids=["missing", "older form"],
)
def test_a_customer_without_a_current_stored_profile_is_built_from_the_tables(uow, spoil):
    cid = create(uow, KALLE)
    with uow.transaction() as session:
        session.execute(spoil)
    with uow.read() as session:
        assert profile_store.load_many(session, [cid]) == {cid: built(uow, cid)}


def test_a_changed_customer_is_matched_by_what_it_is_now(uow):
    cid = create(uow, KALLE)
    with uow.transaction() as session:
        changes = load(CustomerUpdate(), {"family_name": "Lund", "phones": [{"number": "073-999 88 77"}]})
        customer = register.update_customer(session, cid, changes)
        blocking.store(session, cid, profiles.from_customer(customer))
    probe = {"kind": "person", "name": "Karl Lund", "phones": [{"number": "+46 73 999 88 77"}]}
    with uow.read() as session:
        profile = profiles.from_request(load(CustomerCreate(), probe), "SE")
        (hit,) = matching.match(session, profile, register.size(session), Thresholds())
    assert hit["customer"]["name"] == "Kalle Lund"
    assert hit["reasons"]["phone"]["agreement"] == "exact"
    assert hit["reasons"]["family_name"]["agreement"] == "exact"


def test_a_merged_away_customer_has_no_profile_left_to_match(uow):
    keep = create(uow, KALLE)
    gone = create(
        uow, {**KALLE, "given_name": "Karl", "national_id": None, "emails": [{"address": "karl@oberg.se"}]}
    )
    with uow.transaction() as session:
        merging.merge(session, keep, gone, "sup", {})
    with uow.read() as session:
        assert set(profile_store.load_many(session, [keep, gone])) == {keep}
        assert profile_store.load_many(session, [keep])[keep] == built(uow, keep)

"""Merging two customers (C7): nothing lost, the old id resolves, the merge is recorded."""

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.errors import InvalidInput
from services.customer import blocking, merging, profiles, register, relations
from services.customer.models import Base, MatchKey


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        c = register.create_customer(session, load(CustomerCreate(), data), "SE")
        blocking.store(session, c.id, profiles.from_customer(c))
        return c.id


def test_the_survivor_takes_everything_and_the_old_id_resolves(uow):
    keep = create(
        uow,
        kind="person",
        name="Åsa Lindqvist",
        phones=[{"number": "070-1234567"}],
        addresses=[{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}],
    )
    dup = create(
        uow,
        kind="person",
        name="Asa Lindqvist",
        birthday="1981-12-28",
        job_title="Buyer",
        phones=[{"number": "+46701234567"}, {"number": "08-555 66 77"}],
        emails=[{"address": "asa@example.se"}],
        addresses=[{"street": "Gamla vägen 2", "postal_code": "111 57", "city": "Stockholm"}],
    )
    org = create(uow, kind="organisation", name="Acme AB")
    with uow.transaction() as session:
        relations.add_note(session, dup, "ann", "called about the invoice")
        relations.link_person(session, org, {"person_id": dup, "is_contact": True})
        merging.merge(session, keep, dup, "sup", {"name": "Asa Lindqvist"})
    with uow.read() as session:
        survivor = merging.resolve(session, dup)
        assert survivor.id == keep
        assert sorted(p.e164 for p in survivor.phones) == ["+46701234567", "+4685556677"]
        assert [e.address for e in survivor.emails] == ["asa@example.se"]
        assert (survivor.birthday.isoformat(), survivor.job_title) == ("1981-12-28", "Buyer")
        current = [a.street for a in survivor.addresses if a.valid_to is None]
        history = [a.street for a in survivor.addresses if a.valid_to is not None]
        assert (current, history) == (["Storgatan 1"], ["Gamla vägen 2"])
        assert [n.text for n in relations.latest_notes(session, keep)] == ["called about the invoice"]
        assert [e["person_id"] for e in relations.employments(session, org)] == [keep]
        assert session.query(MatchKey).filter_by(customer_id=dup).count() == 0
        (record,) = merging.merges_of(session, dup)
        assert (record.survivor_id, record.merged_by, record.snapshot) == (
            keep,
            "sup",
            {"name": "Asa Lindqvist"},
        )
        assert [c.id for c in register.search_customers(session, "Lindqvist", "SE")] == [keep]


@pytest.mark.parametrize("case", ["self", "twice", "kinds"])
def test_merges_that_make_no_sense_are_refused(uow, case):
    a = create(uow, kind="person", name="A One")
    b = create(uow, kind="person", name="B Two")
    org = create(uow, kind="organisation", name="Org AB")
    if case == "twice":
        with uow.transaction() as session:
            merging.merge(session, a, b, "sup", {})
    survivor, merged = {"self": (a, a), "twice": (a, b), "kinds": (org, a)}[case]
    with pytest.raises(InvalidInput), uow.transaction() as session:
        merging.merge(session, survivor, merged, "sup", {})


def test_key_counts_stay_true_through_creates_updates_and_merges(uow):
    from sqlalchemy import func, select

    from crm_common.contracts.customer.customers import CustomerUpdate
    from services.customer.models import MatchKeyCount

    a = create(uow, kind="person", name="Åsa Lindqvist", phones=[{"number": "070-1234567"}])
    b = create(uow, kind="person", name="Asa Lindqvist", phones=[{"number": "070-1234567"}])
    with uow.transaction() as session:
        register.update_customer(session, b, load(CustomerUpdate(), {"phones": [{"number": "070-7654321"}]}))
        blocking.store(session, b, profiles.from_customer(register.get_customer(session, b)))
    with uow.transaction() as session:
        merging.merge(session, a, b, "sup", {})
    with uow.read() as session:
        actual = dict(session.execute(select(MatchKey.key, func.count()).group_by(MatchKey.key)).all())
        kept = {k: n for k, n in session.execute(select(MatchKeyCount.key, MatchKeyCount.n)) if n}
        assert kept == actual and actual["p:+46701234567"] == 1

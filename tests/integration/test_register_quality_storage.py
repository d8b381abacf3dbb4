"""Matching, merging and the duplicate scan on both databases: the SQL they use (self-join
on the key index, upserts, JSON columns) must behave the same on SQLite and PostgreSQL."""

import threading

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import sessionmaker

from crm_common.acting import SYSTEM
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate, CustomerUpdate
from crm_common.errors import DuplicateSuspected
from crm_common.storage import UnitOfWork, create_db_engine
from services.customer import blocking, duplicate_scan, profiles, register
from services.customer.models import MatchKey, MatchKeyCount, MatchProfile
from services.customer.reindex import reindex
from services.customer.service import CustomerService
from services.customer.verdicts import Thresholds


@pytest.fixture
def svc(db_url, migrated):
    engine = create_db_engine(migrated("customer", db_url))
    yield worker_factory(
        CustomerService,
        db=UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None),
        actor=SYSTEM,
    )
    engine.dispose()


ASA = {
    "kind": "person",
    "given_name": "Åsa",
    "family_name": "Lindqvist",
    "phones": [{"number": "070-1234567"}],
    "addresses": [{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}],
}


def test_match_refuse_confirm_merge_and_scan(svc):
    first = svc.create_customer(ASA)
    with pytest.raises(DuplicateSuspected) as err:
        svc.create_customer({**ASA, "given_name": "Asa"})
    assert err.value.matches[0]["customer"]["id"] == first["id"]
    second = svc.create_customer({**ASA, "given_name": "Asa"}, True)
    svc.create_customer({"kind": "person", "name": "Bo Ek", "phones": [{"number": "08-5556677"}]})
    scan = svc.start_duplicate_scan("sup")
    with svc.db.transaction() as session:
        while not duplicate_scan.step(session, duplicate_scan.get_scan(session, scan["id"]), Thresholds(), 2):
            pass
    (pair,) = svc.duplicate_report()["pairs"]
    assert (pair["first"]["id"], pair["second"]["id"]) == (first["id"], second["id"])
    merged = svc.merge_customers(first["id"], second["id"], "sup")
    assert svc.get_customer(second["id"])["id"] == merged["id"] == first["id"]
    assert svc.list_merges(first["id"])[0]["snapshot"]["given_name"] == "Asa"
    assert svc.match_customer(ASA)[0]["customer"]["id"] == first["id"]


def test_duplicate_groups_add_the_pair_they_imply(svc):
    for i, name in enumerate(["Bo Ek", "Cia Berg", "Dag Holm", "Eva Lund", "Fia Ny"]):
        svc.create_customer({"kind": "person", "name": name, "phones": [{"number": f"08-55500{i}"}]})
    person = {"kind": "person", "given_name": "Ingeborg", "family_name": "Wästberg"}
    original = svc.create_customer(
        {**person, "phones": [{"number": "070-1234567"}], "emails": [{"address": "iw@example.se"}]}
    )["id"]
    by_phone = svc.create_customer({**person, "phones": [{"number": "+46701234567"}]}, True)["id"]
    by_mail = svc.create_customer({**person, "emails": [{"address": "IW@example.se"}]}, True)["id"]
    scan = svc.start_duplicate_scan("sup")
    with svc.db.transaction() as session:
        while not duplicate_scan.step(session, duplicate_scan.get_scan(session, scan["id"]), Thresholds(), 2):
            pass
    implied = [p for p in svc.duplicate_report()["pairs"] if p["via"]]
    assert [(p["first"]["id"], p["second"]["id"], p["verdict"]) for p in implied] == [
        (by_phone, by_mail, "duplicate")
    ]
    assert implied[0]["via"][0]["id"] == original
    (group,) = svc.duplicate_groups()["groups"]
    assert [m["id"] for m in group["members"]] == [original, by_phone, by_mail]


def test_a_reindex_writes_back_what_storing_each_customer_wrote(svc):
    """The reindex's bulk statements (keys, counts up and down, profiles) on both databases."""
    first = svc.create_customer(ASA)["id"]
    svc.create_customer({"kind": "person", "name": "Bo Ek", "phones": [{"number": "08-5556677"}]})
    tables = (MatchKey, MatchKeyCount, MatchProfile)
    with svc.db.read() as session:
        written = [sorted(session.execute(select(t.__table__)).all()) for t in tables]
    with svc.db.transaction() as session:  # keys of an older rule, and none of today's
        session.execute(delete(MatchKey))
        session.execute(delete(MatchProfile))
        session.execute(update(MatchKeyCount).values(n=0))
        session.execute(insert(MatchKey).values(customer_id=first, key="nm:OLD RULE"))
        session.execute(insert(MatchKeyCount).values(key="nm:OLD RULE", n=1))
    with svc.db.transaction() as session:
        assert reindex(session, size=1) == 2
    with svc.db.read() as session:
        assert session.scalar(select(MatchKeyCount.n).where(MatchKeyCount.key == "nm:OLD RULE")) == 0
        again = [sorted(session.execute(select(t.__table__)).all()) for t in tables]
    again[1].remove(("nm:OLD RULE", 0))
    assert [len(rows) for rows in again] == [len(rows) for rows in written]
    assert again[1:] == written[1:]  # the key rows have new ids; their pairs are the same
    assert {r[1:] for r in again[0]} == {r[1:] for r in written[0]}
    assert svc.match_customer({**ASA, "given_name": "Asa"})[0]["customer"]["id"] == first


def test_key_counts_stay_true_under_concurrent_creates_and_changes(db_url, migrated):
    """Ten writers at once on the same names and phone (each adds and removes keys others
    hold): none deadlocks or fails, and every count still equals the customers holding it."""
    engine = create_db_engine(migrated("customer", db_url))
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    errors = []

    def write(n):
        try:
            with uow.transaction() as session:
                data = load(CustomerCreate(), {**ASA, "given_name": ["Åsa", "Asa"][n % 2]})
                customer = register.create_customer(session, data, "SE")
                blocking.store(session, customer.id, profiles.from_customer(customer))
            with uow.transaction() as session:
                changes = load(CustomerUpdate(), {"phones": [{"number": f"070-555 00 0{n}"}]})
                customer = register.update_customer(session, customer.id, changes)
                blocking.store(session, customer.id, profiles.from_customer(customer))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(10)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with uow.read() as session:
        held = dict(session.execute(select(MatchKey.key, func.count()).group_by(MatchKey.key)).all())
        counted = dict(
            session.execute(select(MatchKeyCount.key, MatchKeyCount.n).where(MatchKeyCount.n > 0)).all()
        )
    engine.dispose()
    assert errors == []
    assert counted == held
    assert "p:+46701234567" not in held  # every writer moved off the shared phone
    assert [held[f"p:+4670555000{n}"] for n in range(10)] == [1] * 10

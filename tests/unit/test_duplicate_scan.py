"""The duplicate report over the whole register: every look-alike pair once, in slices."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from crm_common.acting import SYSTEM
from crm_common.errors import NotFound
from services.customer import blocking, duplicate_scan
from services.customer.models import Base, FrequentKey
from services.customer.service import CustomerService
from services.customer.verdicts import Thresholds, namesakes_likely


@pytest.fixture
def svc(uow_factory):
    return worker_factory(CustomerService, db=uow_factory(Base), actor=SYSTEM)


def people(svc):
    asa = {
        "kind": "person",
        "given_name": "Åsa",
        "family_name": "Lindqvist",
        "phones": [{"number": "070-1234567"}],
    }
    a = svc.create_customer(asa)["id"]
    b = svc.create_customer({**asa, "given_name": "Asa", "phones": [{"number": "+46701234567"}]}, True)["id"]
    svc.create_customer(
        {
            "kind": "person",
            "given_name": "Per",
            "family_name": "Lindqvist",
            "phones": [{"number": "070-9998877"}],
        }
    )
    for i, name in enumerate(["Bo Ek", "Cia Berg", "Dag Holm", "Eva Lund", "Fia Ny", "Gun Ros", "Ivar Sten"]):
        svc.create_customer({"kind": "person", "name": name, "phones": [{"number": f"08-55500{i}"}]})
    org = {"kind": "organisation", "name": "Acme AB", "org_number": "556036-0793"}
    c = svc.create_customer(org)["id"]
    d = svc.create_customer({**org, "name": "ACME Aktiebolag"}, True)["id"]
    return (a, b), (c, d)


def run(svc, size):
    scan = svc.start_duplicate_scan("sup")
    with svc.db.transaction() as session:
        while not duplicate_scan.step(
            session, duplicate_scan.get_scan(session, scan["id"]), Thresholds(), size
        ):
            pass
    return svc.duplicate_report()


@pytest.mark.parametrize("size", [3, 2000])
def test_every_probable_pair_is_found_once_whatever_the_slice(svc, size):
    persons, orgs = people(svc)
    report = run(svc, size)
    assert report["scan"]["status"] == "done" and report["scan"]["done"] == report["scan"]["total"] == 12
    found = [(p["first"]["id"], p["second"]["id"], p["verdict"]) for p in report["pairs"]]
    assert found == [(*persons, "duplicate"), (*orgs, "duplicate")] or found == [
        (*orgs, "duplicate"),
        (*persons, "duplicate"),
    ]
    assert report["scan"]["pairs"] == 2 and report["pairs"][0]["reasons"]


def test_the_event_handler_runs_the_scan_to_the_end(svc):
    people(svc)
    scan = svc.start_duplicate_scan("sup")
    svc.on_duplicate_scan_started({"event_id": "e", "data": {"scan_id": scan["id"]}})
    assert svc.duplicate_report(scan["id"])["scan"]["status"] == "done"


def test_no_scan_yet_is_not_found(svc):
    with pytest.raises(NotFound):
        svc.duplicate_report()


def test_a_full_profile_cache_still_answers_every_profile_asked_for(svc):
    people(svc)
    cache = duplicate_scan.ProfileCache()
    cache.LIMIT = 2
    with svc.db.transaction() as session:
        duplicate_scan._profiles(session, [1, 2], cache)
        # reading 3 makes room by dropping the oldest (1), which is asked for too
        assert set(duplicate_scan._profiles(session, [1, 3], cache)) == {1, 3}


def test_a_name_alone_leaves_the_report_once_the_register_holds_namesakes_of_it():
    names_only = {
        "given_name": {"agreement": "exact", "weight": 8.0},
        "family_name": {"agreement": "exact", "weight": 8.0},
        "address": {"agreement": "different", "weight": -3.3},
    }
    assert not namesakes_likely(12.7, names_only, total=300)
    assert namesakes_likely(12.7, names_only, total=100_000)
    with_phone = {**names_only, "phone": {"agreement": "exact", "weight": 16.0}}
    assert not namesakes_likely(28.7, with_phone, total=100_000)
    firm = {"name": {"agreement": "exact", "weight": 12.0}}
    assert not namesakes_likely(12.0, firm, total=100_000)


@pytest.mark.parametrize("size", [1, 2000])
def test_the_report_weighs_a_shared_phone_by_how_many_customers_hold_it(svc, size):
    """As matching a new customer does: a number three customers give is a switchboard
    more likely than one person's, so agreeing on it counts for less."""
    common = {"kind": "person", "family_name": "Lindqvist", "phones": [{"number": "070-1234567"}]}
    first = svc.create_customer({**common, "given_name": "Åsa"})["id"]
    svc.create_customer({**common, "given_name": "Asa"}, True)
    svc.create_customer({**common, "given_name": "Per", "phones": [{"number": "070-1234567"}]}, True)
    (pair,) = [p for p in run(svc, size)["pairs"] if p["second"]["name"] == "Asa Lindqvist"]
    (hit,) = [h for h in svc.match_customer({**common, "given_name": "Asa"}) if h["customer"]["id"] == first]
    assert pair["reasons"]["phone"] == hit["reasons"]["phone"]


@pytest.mark.parametrize("extra", [0, 1])
def test_the_scan_pairs_through_a_name_only_while_few_customers_share_it(svc, extra):
    """A name's sound pairs up to SCAN_WEAK_CAP customers in the scan, not one more (the
    pairs would grow with the square of the block); a phone they all share still pairs."""
    for i in range(blocking.SCAN_WEAK_CAP + extra):
        person = {"kind": "person", "given_name": "Ingeborg", "family_name": "Wästberg"}
        svc.create_customer(
            {**person, "birthday": f"{1930 + i}-01-02", "phones": [{"number": "08-5556677"}]}, True
        )
    scan = svc.start_duplicate_scan("sup")
    with svc.db.read() as session:
        skipped = set(session.scalars(select(FrequentKey.key).where(FrequentKey.scan_id == scan["id"])))
    assert ("nm:ingeborg vastberg" in skipped) == bool(extra)
    assert not any(k.startswith("p:") for k in skipped)

"""Duplicate groups: copies that share only a name are joined through the record both
match, and one wrong link never chains two different people together."""

import pytest
from nameko.testing.services import worker_factory

from crm_common.acting import SYSTEM
from services.customer import duplicate_groups, duplicate_scan
from services.customer.models import Base
from services.customer.profiles import from_request
from services.customer.scoring import Frequencies
from services.customer.service import CustomerService
from services.customer.verdicts import Thresholds


@pytest.fixture
def svc(uow_factory):
    return worker_factory(CustomerService, db=uow_factory(Base), actor=SYSTEM)


def person(given, family="Lindqvist", **fields):
    return {"kind": "person", "given_name": given, "family_name": family, **fields}


def filler(svc):
    for i, name in enumerate(["Bo Ek", "Cia Berg", "Dag Holm", "Eva Lund", "Fia Ny", "Gun Ros", "Ivar Sten"]):
        svc.create_customer({"kind": "person", "name": name, "phones": [{"number": f"08-55500{i}"}]})


def run(svc):
    scan = svc.start_duplicate_scan("sup")
    with svc.db.transaction() as session:
        while not duplicate_scan.step(session, duplicate_scan.get_scan(session, scan["id"]), Thresholds(), 3):
            pass
    return svc.duplicate_report(), svc.duplicate_groups()


def test_two_copies_that_share_only_a_name_are_one_through_the_original(svc):
    filler(svc)
    original = svc.create_customer(
        person(
            "Ingeborg", "Wästberg", phones=[{"number": "070-1234567"}], emails=[{"address": "iw@example.se"}]
        )
    )["id"]
    by_phone = svc.create_customer(person("Ingeborg", "Wastberg", phones=[{"number": "+46701234567"}]), True)[
        "id"
    ]
    by_mail = svc.create_customer(
        person("Ingeborg", "Wästberg", emails=[{"address": "IW@example.se"}]), True
    )["id"]

    report, groups = run(svc)

    pairs = {(p["first"]["id"], p["second"]["id"]): p for p in report["pairs"]}
    implied = pairs[(by_phone, by_mail)]
    assert implied["verdict"] == "duplicate"
    assert implied["via"] == [{"id": original, "name": "Ingeborg Wästberg"}]
    assert pairs[(original, by_phone)]["via"] == [] and pairs[(original, by_mail)]["via"] == []
    assert report["scan"]["groups"] == 1 and report["scan"]["pairs"] == 3
    (group,) = groups["groups"]
    assert group["size"] == 3 and [m["id"] for m in group["members"]] == [original, by_phone, by_mail]
    ties = {(t["first_id"], t["second_id"]): t for t in group["ties"]}
    assert "phone" in ties[(original, by_phone)]["agreeing"]
    assert "email" in ties[(original, by_mail)]["agreeing"]
    assert ties[(by_phone, by_mail)]["via"] == [original] and ties[(by_phone, by_mail)]["agreeing"] == [
        "given_name",
        "family_name",
    ]


def test_a_group_never_holds_two_people_told_apart_by_their_given_names(svc):
    filler(svc)
    shared_phone, shared_mail = [{"number": "070-7654321"}], [{"address": "k.lindqvist@example.se"}]
    both = svc.create_customer(person("K.", phones=shared_phone, emails=shared_mail))["id"]
    karin = svc.create_customer(person("Karin", phones=shared_phone), True)["id"]
    kristina = svc.create_customer(person("Kristina", emails=shared_mail), True)["id"]

    report, groups = run(svc)

    verdicts = {(p["first"]["id"], p["second"]["id"]): p["verdict"] for p in report["pairs"]}
    assert verdicts[(both, karin)] == verdicts[(both, kristina)] == "duplicate"
    assert (karin, kristina) not in verdicts
    (group,) = groups["groups"]
    assert group["size"] == 2 and both in {m["id"] for m in group["members"]}


def test_groups_are_empty_until_the_run_is_done(svc):
    filler(svc)
    svc.start_duplicate_scan("sup")
    assert svc.duplicate_groups()["groups"] == []


def test_the_most_alike_pair_wins_when_two_links_disagree():
    profiles = {
        1: from_request(person("K.", phones=[{"number": "070-1111111"}]), "SE"),
        2: from_request(person("Karin", phones=[{"number": "070-1111111"}]), "SE"),
        3: from_request(person("Kristina", phones=[{"number": "070-1111111"}]), "SE"),
    }
    groups, _ = duplicate_groups.join([(0.97, 1, 2), (0.99, 1, 3)], profiles, Frequencies({}, 10))
    assert groups == [[1, 3]]


def test_the_way_between_two_members_follows_the_pairs():
    edges = {1: {2}, 2: {1, 3}, 3: {2, 4}, 4: {3}}
    assert duplicate_groups.path(edges, 1, 4) == [2, 3]
    assert duplicate_groups.path(edges, 1, 2) == []

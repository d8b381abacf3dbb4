"""Searches by national id (gateway/id_searches.py): which queries hold one, how the
record masks it, and the hourly limit for those who see ids masked."""

from datetime import datetime, timedelta, timezone

import pytest

from crm_common.config import Settings
from crm_common.errors import DuplicateSuspected
from gateway import id_searches
from gateway.auth import Principal
from gateway.models import AuditEntry, Base

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
ANN = Principal("ann", "agent")
BOSS = Principal("bo", "supervisor")


@pytest.fixture
def uow(uow_factory, monkeypatch):
    monkeypatch.setattr(id_searches, "load_settings", lambda: Settings(national_id_searches_per_hour=3))
    return uow_factory(Base)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("19811218-9876", ["19811218-9876"]),
        ("811218-9876", ["811218-9876"]),
        ("8112189876", ["8112189876"]),
        ("19811218+9876", ["19811218+9876"]),
        ("Åsa 811218 9876", ["811218 9876"]),
        ("811218-9876 0", ["811218-9876 0"]),  # a digit more does not hide it
        ("15108695088", ["15108695088"]),  # a Norwegian fødselsnummer
        ("070-111 22 33", []),  # a phone number: no id passes its check digit
        ("811218-1234", []),  # the shape of an id, but no id: it cannot confirm one
        ("Åsa Ek", []),
        ("12345", []),
        ("1234567890123", []),
        ("", []),
    ],
)
def test_a_query_holds_a_national_id_when_a_countrys_rule_accepts_it(query, found):
    assert id_searches.id_shaped(query) == found


def test_the_record_masks_the_id_as_answers_do():
    query = "Åsa 19811218-9876"
    assert id_searches.masked(query, id_searches.id_shaped(query)) == "Åsa 19811218-****"
    assert id_searches.masked("8112189876", ["8112189876"]) == "811218****"


def test_an_agent_is_refused_past_the_limit_until_the_oldest_search_leaves_the_hour(uow):
    def search():
        return ["hit"]

    for minutes in (50, 20, 10):
        assert id_searches.searched(
            uow,
            ANN,
            "10.0.0.1",
            "811218-9876",
            search,
            where="customer search",
            now=NOW - timedelta(minutes=minutes),
        ) == ["hit"]
    with pytest.raises(id_searches.TooManySearches) as refused:
        id_searches.searched(uow, ANN, None, "811218-9876", search, where="customer search", now=NOW)
    assert refused.value.retry_after == 10 * 60
    assert id_searches.searched(uow, ANN, None, "Åsa", search, where="customer search", now=NOW) == ["hit"]
    for _ in range(5):
        id_searches.searched(uow, BOSS, None, "811218-9876", search, where="customer search", now=NOW)
    with uow.read() as session:
        entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
        assert [e.actor for e in entries] == ["ann"] * 3 + ["bo"] * 5
        assert entries[0].details == {"query": "811218-****", "hits": 1}
        assert entries[0].action == "national_id_searched" and entries[0].address == "10.0.0.1"


def test_a_refused_probable_duplicate_is_recorded_with_its_look_alikes(uow):
    def create():
        raise DuplicateSuspected("looks like a customer", matches=[{"customer": {"id": 1}}])

    with pytest.raises(DuplicateSuspected):
        id_searches.searched(uow, ANN, None, "811218-9876", create, where="new customer", now=NOW)
    with uow.read() as session:
        [entry] = session.query(AuditEntry).all()
        assert (entry.target, entry.details) == ("new customer", {"query": "811218-****", "hits": 1})


def test_a_danish_cpr_has_no_check_digit_and_counts_only_in_a_danish_register(monkeypatch):
    assert id_searches.id_shaped("070111-2233") == []
    monkeypatch.setattr(id_searches, "load_settings", lambda: Settings(default_region="DK"))
    assert id_searches.id_shaped("070111-2233") == ["070111-2233"]

"""What an agent writes when opening a case for a customer (say, their summary of the
call) is the agent's internal note, not the customer's message: the portal never shows
it, and names who wrote each public entry rightly."""

from datetime import datetime, timezone

import pytest

from crm_common.contracts import dump, load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.portal import CustomerCaseOut, PortalCaseOut, PortalInboundOut
from services.case import cases, journal, portal, replies
from services.case.models import Base

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
PROFILE = {"customer_id": 7, "language": "sv"}
CUSTOMER = {"id": 7, "name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}], "language": "sv"}
SUMMARY = "Called about the hose; sounded annoyed, promised a new one by Friday."


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def agents_case(session):
    valid = load(CaseCreate(), {"customer_id": 7, "subject": "Broken hose", "description": SUMMARY})
    return cases.open_for_customer(session, valid, "ann", PROFILE, NOW)


def test_an_agents_summary_is_their_internal_note(uow):
    with uow.transaction() as session:
        case = agents_case(session)
        written = journal.entries(session, case.id, public_only=False)
        [entry] = [e for e in written if e.kind in ("message", "note")]
        assert (entry.kind, entry.visibility, entry.author, entry.direction, entry.body) == (
            "note",
            "internal",
            "ann",
            None,
            SUMMARY,
        )
        assert journal.entries(session, case.id, public_only=True) == []


def test_the_portal_shows_public_entries_only_each_as_written(uow):
    with uow.transaction() as session:
        case = agents_case(session)
        replies.send(session, case.id, "We send a new hose.", "ann", None, NOW, "crm.example")
        written = portal.write(session, CUSTOMER, {"text": "Thank you!"}, case.id, NOW)
        answered = dump(PortalInboundOut, portal.answer(written))
        assert SUMMARY not in str(answered)
        seen = dump(CustomerCaseOut, portal.case_with_journal(session, 7, case.id))
        listed = dump(PortalCaseOut, portal.own_cases(session, 7), many=True)
    assert SUMMARY not in str(seen) and SUMMARY not in str(listed)
    assert [(e["body"], e["direction"], e["visibility"]) for e in seen["journal"]] == [
        ("We send a new hose.", "out", "public"),
        ("Thank you!", "in", "public"),
    ]
    assert seen["case"]["subject"] == "Broken hose" and seen["case"]["description"] == ""


def test_what_the_customer_wrote_stays_their_description(uow):
    with uow.transaction() as session:
        written = portal.write(session, CUSTOMER, {"subject": "Hose", "text": "My hose leaks."}, None, NOW)
        seen = dump(CustomerCaseOut, portal.case_with_journal(session, 7, written.case.id))
    assert seen["case"]["description"] == "My hose leaks."
    assert [(e["body"], e["direction"]) for e in seen["journal"]] == [("My hose leaks.", "in")]

"""A person's calls: exported (GDPR art. 15), and erased to times without a number (art. 17)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm_common.contracts import load
from crm_common.contracts.telephony import CallEventIn
from crm_common.outbox import record
from services.telephony import calls, personal_data
from services.telephony.models import Base, OutboxMessage

ASA = {"customer_id": 7, "customer_name": "Åsa Lindqvist", "organisation_id": None, "organisation_name": None}
BO = {"customer_id": 8, "customer_name": "Bo Ek", "organisation_id": None, "organisation_name": None}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    for call_id, number, who in (("a", "070-123 45 67", ASA), ("b", "070-999 88 77", BO)):
        for event in ("ringing", "answered", "hangup"):
            with uow.transaction() as session:
                data = load(
                    CallEventIn(), {"event": event, "call_id": call_id, "from": number, "extension": "201"}
                )
                calls.apply_event(session, data, "SE", who if event == "ringing" else None)
    return uow


def test_the_export_holds_the_persons_calls_only(uow):
    with uow.read() as session:
        got = personal_data.export(session, [7])
    assert [(c["call_id"], c["remote_number"], c["customer_name"]) for c in got["calls"]] == [
        ("a", "+46701234567", "Åsa Lindqvist")
    ]


def test_an_erased_call_keeps_its_times_and_loses_the_number_and_the_name(uow):
    with uow.transaction() as session:
        assert personal_data.erase(session, [7]) == 1
    with uow.read() as session:
        (call,) = personal_data.export(session, [7])["calls"]
        (other,) = personal_data.export(session, [8])["calls"]
    assert call["remote_number"] is None and call["remote_raw"] == "" and call["customer_name"] is None
    assert call["started_at"] and call["ended_at"] and call["extension"] == "201"
    assert "070" not in str(call) and "4670123" not in str(call)
    assert other["remote_number"] == "+46709998877" and other["customer_name"] == "Bo Ek"


def test_the_call_events_published_about_the_person_lose_their_data(uow, unchecked_events):
    with uow.transaction() as session:
        for cid, number in ((7, "+46701234567"), (8, "+46709998877"), (7, "+46701234567")):
            record(session, OutboxMessage, "call_ringing", {"customer_id": cid, "remote_number": number})
        session.flush()
        first, second, _ = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        first.published_at = second.published_at = datetime.now(timezone.utc)
    with uow.transaction() as session:
        personal_data.erase(session, [7])
    with uow.read() as session:
        published, other, waiting = (
            r.payload for r in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        )
    assert (
        published["data"] == {"customer_id": 7, "erased": True} and published["event_type"] == "call_ringing"
    )
    assert other["data"]["remote_number"] == "+46709998877"
    assert waiting["data"]["remote_number"] == "+46701234567"  # not yet out: its consumers need it whole

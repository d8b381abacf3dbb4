"""A call's life from PBX events, and the Zammad CTI translation."""

import datetime as dt

import pytest

from crm_common.contracts import load
from crm_common.contracts.telephony import CallEventIn
from crm_common.errors import InvalidInput
from services.telephony import calls, cti
from services.telephony.models import Base

WHO = {"customer_id": 7, "customer_name": "Åsa", "organisation_id": 3, "organisation_name": "Acme"}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def post(uow, who=None, **event):
    with uow.transaction() as session:
        call, happened = calls.apply_event(session, load(CallEventIn(), event), "SE", who)
        return call.state, happened


def test_ringing_answered_hangup(uow):
    assert post(uow, WHO, event="ringing", call_id="a", **{"from": "08-123 45 67"}) == (
        "ringing",
        "call_ringing",
    )
    assert post(uow, event="answered", call_id="a", extension="201") == ("answered", "call_answered")
    assert post(uow, event="hangup", call_id="a", cause="normalClearing") == ("ended", "call_ended")
    with uow.read() as session:
        (call,) = calls.calls_of(session, 7)
        assert call.remote_number == "+4681234567" and call.extension == "201"
        assert call.answered_at and call.ended_at and call.organisation_name == "Acme"
        assert calls.active_calls(session) == []


def test_a_repeated_event_changes_nothing(uow):
    post(uow, event="ringing", call_id="a", **{"from": "0701234567"})
    assert post(uow, event="ringing", call_id="a", **{"from": "0701234567"}) == ("ringing", None)
    post(uow, event="hangup", call_id="a")
    assert post(uow, event="hangup", call_id="a") == ("ended", None)


def test_a_second_ringing_on_another_extension_is_a_transfer(uow):
    at = "2026-11-24T10:00:00+01:00"
    post(uow, event="ringing", call_id="r", extension="201", at=at)
    assert post(uow, event="ringing", call_id="r", extension="201") == ("ringing", None)
    assert post(uow, event="ringing", call_id="r", extension="1002") == ("ringing", "call_transferred")
    # the first ringing resent, with its own time: the call stays where it went
    assert post(uow, event="ringing", call_id="r", extension="201", at=at) == ("ringing", None)
    with uow.read() as session:
        assert calls.active_calls(session)[0].extension == "1002"


def test_a_queue_call_rung_on_a_second_extension_rings_there_too_until_answered(uow):
    post(uow, event="ringing", call_id="q", extension="201", queue="support")
    assert post(uow, event="ringing", call_id="q", extension="202", queue="support") == (
        "ringing",
        "call_ringing",
    )
    assert post(uow, event="answered", call_id="q", extension="202") == ("answered", "call_answered")
    # put through after the answer: a transfer
    assert post(uow, event="ringing", call_id="q", extension="203") == ("answered", "call_transferred")
    with uow.read() as session:
        assert calls.active_calls(session)[0].extension == "203"


def test_a_late_answer_does_not_reopen_an_ended_call(uow):
    post(uow, event="ringing", call_id="a")
    post(uow, event="hangup", call_id="a")
    assert post(uow, event="answered", call_id="a") == ("ended", None)


def test_an_answer_for_a_call_we_never_saw_ring_starts_it(uow):
    assert post(uow, event="answered", call_id="b", **{"from": "0701234567"}) == ("answered", "call_answered")
    with uow.read() as session:
        assert [c.call_id for c in calls.active_calls(session)] == ["b"]


def test_on_an_outbound_call_the_customer_is_the_callee(uow):
    post(uow, event="ringing", call_id="o", direction="out", to="+47 22 33 44 55", **{"from": "201"})
    with uow.read() as session:
        (call,) = calls.active_calls(session)
        assert call.remote_number == "+4722334455" and call.local_number == "201"


def test_the_event_time_given_by_the_pbx_is_kept(uow):
    at = "2026-11-24T10:00:00+01:00"
    post(uow, event="ringing", call_id="t", at=at)
    with uow.read() as session:
        (call,) = calls.active_calls(session)
        assert call.started_at == dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


def test_zammad_fields_become_ours():
    ours = cti.from_zammad(
        {
            "event": "newCall",
            "from": "4930609854180",
            "to": "4930609811111",
            "direction": "in",
            "callId": "4991155921769858278-1",
            "user[]": ["Alice", "Bob"],
            "queue": "support",
        }
    )
    assert ours == {
        "event": "ringing",
        "call_id": "4991155921769858278-1",
        "from": "+4930609854180",
        "to": "+4930609811111",
        "direction": "in",
        "agent": "Alice",
        "queue": "support",
    }
    answer = cti.from_zammad({"event": "answer", "callId": "x", "answeringNumber": "201", "user": "Alice"})
    assert (answer["event"], answer["extension"], answer["agent"]) == ("answered", "201", "Alice")
    assert cti.from_zammad({"event": "hangup", "callId": "x", "cause": "busy"})["cause"] == "busy"


def test_an_unknown_zammad_event_is_refused():
    with pytest.raises(InvalidInput) as err:
        cti.from_zammad({"event": "dial", "callId": "x"})
    assert "event" in err.value.fields


def test_zammad_numbers_are_international_unless_they_start_with_zero():
    assert cti.international("4722334455") == "+4722334455"
    assert cti.international("08-123 45 67") == "08-123 45 67"
    assert cti.international("0812345") == "0812345" and cti.international("anonymous") == "anonymous"


def test_an_unknown_caller_registered_afterwards_gets_their_calls(uow):
    post(uow, event="ringing", call_id="u1", **{"from": "070-111 22 33"})
    post(uow, event="ringing", call_id="u2", **{"from": "+46 70 111 22 33"})
    post(uow, WHO, event="ringing", call_id="k1", **{"from": "070-111 22 33"})  # already someone's
    post(uow, event="ringing", call_id="o1", **{"from": "070-999 88 77"})
    with uow.transaction() as session:
        assert calls.link_unknown_calls(session, ["+46701112233"], 42, "Ny Kund") == 2
    with uow.read() as session:
        assert sorted(c.call_id for c in calls.calls_of(session, 42)) == ["u1", "u2"]
        assert {c.customer_name for c in calls.calls_of(session, 42)} == {"Ny Kund"}
        assert [c.call_id for c in calls.calls_of(session, 7)] == ["k1"]
    with uow.transaction() as session:
        assert calls.link_unknown_calls(session, [], 43, "Nobody") == 0

"""A call's life from PBX events: ringing → answered (→ transferred) → ended.

PBXs resend events and sometimes deliver them out of order: a repeated event changes
nothing, an event for an unknown call starts it, and nothing reopens an ended call. Some
PBXs (and Zammad's CTI, which has no transfer event) report a transfer as a second
`ringing` for the same call on another extension (or agent): that is a transfer too,
unless its time, when the PBX gives one, is the first ringing's own (a resend). A queue
rings a call on several extensions at once: a second `ringing` for a queue's call nobody
has answered yet rings there too, and the first extension keeps ringing until one answers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.dml import rows_changed
from crm_common.history import newest_first
from crm_common.phones import caller_e164
from services.telephony.models import Call

ACTIVE = ("ringing", "answered")


def remote_party(event: dict[str, Any]) -> str:
    """The customer's side of the call: the caller on an inbound call, the callee outbound."""
    party: str = event.get("from_", "") if event.get("direction", "in") == "in" else event.get("to", "")
    return party


def remote_e164(event: dict[str, Any], pbx_region: str) -> str | None:
    return caller_e164(remote_party(event), pbx_region)


def apply_event(
    session: Session, event: dict[str, Any], pbx_region: str, who: dict[str, Any] | None
) -> tuple[Call, str | None]:
    """Apply one PBX event. `who` is the resolved caller ({customer_id, customer_name,
    organisation_id, organisation_name}) or None. Returns the call and the domain event to
    publish (`call_ringing`, `call_answered`, `call_transferred`, `call_ended`) or None
    when the event changed nothing."""
    at: datetime = event.get("at") or utcnow()
    call = session.scalar(select(Call).where(Call.call_id == event["call_id"]))
    kind = event["event"]
    happened = None
    if call is None:
        call = Call(
            call_id=event["call_id"],
            direction=event.get("direction", "in"),
            state="ringing",
            remote_raw=remote_party(event),
            remote_number=remote_e164(event, pbx_region),
            local_number=(event.get("to") if event.get("direction", "in") == "in" else event.get("from_"))
            or "",
            extension=event.get("extension"),
            agent=event.get("agent"),
            queue=event.get("queue"),
            started_at=at,
            **(who or {}),
        )
        session.add(call)
        happened = "call_ringing"
    if call.state == "ended":
        return call, None
    if kind == "answered" and call.state != "answered":
        call.state, call.answered_at = "answered", at
        call.extension = event.get("extension") or call.extension
        call.agent = event.get("agent") or call.agent
        happened = "call_answered"
    elif kind == "transferred" or (happened is None and kind == "ringing" and rings_elsewhere(call, event)):
        call.extension = event.get("extension") or call.extension
        call.agent = event.get("agent") or call.agent
        happened = "call_ringing" if rings_too(call, event) else "call_transferred"
    elif kind == "hangup":
        call.state, call.ended_at, call.cause = "ended", at, event.get("cause")
        happened = "call_ended"
    session.flush()
    return call, happened


def rings_elsewhere(call: Call, event: dict[str, Any]) -> bool:
    """A `ringing` for a call we know, on an extension or agent it is not on: put through."""
    if event.get("at") and event["at"] <= call.started_at:
        return False
    extension, agent = event.get("extension"), event.get("agent")
    return bool((extension and extension != call.extension) or (agent and agent != call.agent))


def rings_too(call: Call, event: dict[str, Any]) -> bool:
    """A queue's call nobody has answered, rung on one more extension: it rings on both."""
    return event["event"] == "ringing" and call.answered_at is None and bool(call.queue or event.get("queue"))


def active_calls(session: Session) -> list[Call]:
    return list(session.scalars(select(Call).where(Call.state.in_(ACTIVE)).order_by(Call.started_at)))


def calls_of(session: Session, customer_id: int, limit: int = 50) -> list[Call]:
    return newest_first(session, Call, customer_id, limit, at="started_at")


def known_call(session: Session, call_id: str) -> bool:
    return session.scalar(select(Call.id).where(Call.call_id == call_id)) is not None


def link_unknown_calls(session: Session, phones: list[str], customer_id: int, name: str) -> int:
    """A customer registered after calling from an unknown number (T3): that number's calls
    with nobody on them become theirs. Returns how many."""
    if not phones:
        return 0
    return rows_changed(
        session,
        update(Call)
        .where(Call.remote_number.in_(phones), Call.customer_id.is_(None))
        .values(customer_id=customer_id, customer_name=name),
    )

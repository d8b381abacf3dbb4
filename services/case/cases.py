"""A case's life: opened with a gap-free yearly number (`2026-000042`) the customer can
quote, answered, waiting for the customer, solved, closed (K1–K3). Each step is on the
journal and moves the SLA clock and the agent's load with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, NotFound
from crm_common.history import newest_first
from crm_common.outbox import record
from crm_common.upsert import UPSERT
from services.case import assigning, journal, knowledge, routing, sla
from services.case.models import Agent, Case, CaseCounter, JournalEntry, OutboxMessage

# what the journal's subject column holds: a reply's subject loses its end to it
_SUBJECT_TYPE = JournalEntry.__table__.c.subject.type
_REPLY_SUBJECT_LENGTH = _SUBJECT_TYPE.length if isinstance(_SUBJECT_TYPE, String) else None

# from → the statuses it may go to
MOVES = {
    "open": ("pending", "solved", "closed"),
    "pending": ("open", "solved", "closed"),
    "solved": ("open", "closed"),
    "closed": (),
}
EFFICIENCY_MEMORY = 0.2  # weight of the newest resolution time in an agent's average


def next_number(session: Session, year: int) -> str:
    """Bump the year's counter in one upsert (insert the year or add one, under the row's
    lock), so two cases opened at the same moment — even the year's first two — never
    share a number or fail."""
    statement = _BUMP[session.get_bind().dialect.name]
    return f"{year}-{session.connection().execute(statement, {'year': year}).scalar_one():06d}"


_BUMP = {
    name: insert(CaseCounter.__table__)
    .values(year=bindparam("year"), last=1)
    .on_conflict_do_update(index_elements=["year"], set_={"last": CaseCounter.__table__.c.last + 1})
    .returning(CaseCounter.__table__.c.last)
    for name, insert in UPSERT.items()
}


def profile(customer: dict[str, Any] | None) -> dict[str, Any]:
    """What a case keeps of its customer for routing and the SLA."""
    if customer is None:
        return {}
    addresses = customer.get("addresses") or []
    postcode = next((a["postal_code"] for a in addresses if a.get("postal_code")), None)
    return {
        "customer_id": customer["id"],
        "language": customer.get("language"),
        "region": customer.get("country"),
        "postcode": postcode,
        "tier": customer.get("tier"),
    }


def open_case(
    session: Session,
    data: dict[str, Any],
    opened_by: str,
    customer: dict[str, Any],
    now: datetime,
    *,
    sender: tuple[str, str] | None = None,
    review_id: int | None = None,
) -> Case:
    """Open the case and put it where routing says; the first journal entry is the caller's
    to add (it may carry a Message-ID and attachments)."""
    case = Case(
        number=next_number(session, now.year),
        subject=data["subject"],
        description=data.get("description", ""),
        channel=data["channel"],
        priority=data.get("priority", "normal"),
        category=data.get("category"),
        product_group=data.get("product_group"),
        status="open",
        opened_by=opened_by,
        created_at=now,
        updated_at=now,
        awaiting_response_since=now,
        breaches=[],
        review_id=review_id,
        sender_name=sender[0] if sender else None,
        sender_address=sender[1] if sender else None,
        **customer,
    )
    session.add(case)
    session.flush()
    knowledge.index_case(session, case, new=True)
    sla.start(session, case, now)
    if data.get("assignee"):
        assigning.assign_to(session, case, data["assignee"], opened_by, now)
    else:
        assigning.route_case(session, case, now)
    return case


def open_for_customer(
    session: Session, data: dict[str, Any], opened_by: str, customer: dict[str, Any], now: datetime
) -> Case:
    """A case an agent opens for a customer (CaseCreate; `customer` its profile): its
    description, the agent's own account of what the customer wants (a call's summary,
    say), is the agent's internal note, never the customer's message; `case_opened`
    asks messaging to confirm it to the customer."""
    case = open_case(session, data, opened_by, customer, now)
    journal.add(
        session,
        case,
        "note",
        case.description or case.subject,
        opened_by,
        now,
        channel=case.channel,
        subject=case.subject,
    )
    announce_opened(session, case, confirm=True)
    return case


def announce_opened(session: Session, case: Case, confirm: bool, references: list[str] | None = None) -> None:
    record(session, OutboxMessage, "case_opened", case_opened(case, confirm, references))


def case_opened(case: Case, confirm: bool, references: list[str] | None = None) -> dict[str, Any]:
    """The `case_opened` event's data. `confirm`: messaging confirms the case to the
    customer (not for an automatic mail); `references`: the mail thread it came in."""
    return {
        "case_id": case.id,
        "number": case.number,
        "customer_id": case.customer_id,
        "subject": case.subject,
        "channel": case.channel,
        "assignee": case.assignee,
        "queue": case.queue,
        "confirm": confirm,
        "references": references or [],
    }


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "not found"})
    return case


def by_number(session: Session, number: str) -> Case | None:
    return session.scalar(select(Case).where(Case.number == number))


def cases_of(session: Session, customer_id: int, limit: int = 50) -> list[Case]:
    return newest_first(session, Case, customer_id, limit)


def link_customer(session: Session, case: Case, customer: dict[str, Any], by: str, now: datetime) -> None:
    """The unknown sender turned out to be (or became) this customer."""
    for key, value in profile(customer).items():
        setattr(case, key, value)
    case.review_id = None
    journal.add(session, case, "status", f"customer {customer['name']} ({customer['id']}) linked", by, now)


def reply(
    session: Session, case: Case, body: str, author: str, now: datetime, then: str | None = None
) -> JournalEntry:
    """The agent's public answer to the customer: it is the SLA's response, and the
    caller sends it (an event to messaging). `then` moves the case on in the same step,
    typically to `pending` (waiting for the customer) or `solved`."""
    if case.status == "closed":
        raise Conflict(f"case {case.number} is closed", {"status": "closed"})
    entry = journal.add(
        session,
        case,
        "message",
        body,
        author,
        now,
        visibility="public",
        direction="out",
        channel=case.channel if case.channel in ("email", "sms") else "email",
        # the number first, for threading; a long subject loses its end to the column
        subject=f"[#{case.number}] {case.subject}"[:_REPLY_SUBJECT_LENGTH],
    )
    sla.responded(session, case, now)
    if case.status == "solved" and then is None:
        then = "open"
    if then and then != case.status:
        set_status(session, case, then, author, now)
    return entry


def move(session: Session, case_id: int, status: str, by: str, now: datetime) -> Case:
    """Move the case to `status` (set_status) and announce it: `case_solved`,
    `case_closed` or `case_status_changed`."""
    case = get_case(session, case_id)
    before = case.status
    set_status(session, case, status, by, now)
    event = f"case_{status}" if status in ("solved", "closed") else "case_status_changed"
    record(session, OutboxMessage, event, status_changed(case, before))
    return case


def status_changed(case: Case, before: str) -> dict[str, Any]:
    """The data of the events a status move raises."""
    return {
        "case_id": case.id,
        "number": case.number,
        "customer_id": case.customer_id,
        "from": before,
        "to": case.status,
    }


def set_status(session: Session, case: Case, status: str, by: str, now: datetime) -> None:
    if status not in MOVES[case.status]:
        raise Conflict(
            f"case {case.number} cannot go from {case.status} to {status}",
            {"status": f"{case.status} → {status} is not allowed"},
        )
    before, case.status = case.status, status
    if status == "pending":
        sla.pause(session, case, now)
    elif status == "open" and before == "pending":
        sla.resume(session, case, now)
    elif status == "open" and before == "solved":
        case.solved_at = None
        _reopen_with_agent(session, case, now)
    elif status in ("solved", "closed") and before in assigning.ACTIVE:
        case.solved_at = now
        sla.stop(session, case, now)
        _done_by_agent(session, case, now)
    journal.add(session, case, "status", f"{before} → {status}", by, now)
    if status in ("solved", "closed") and before in assigning.ACTIVE:
        knowledge.index_case(session, case)  # now with its answer: similar cases find it
        assigning.pick_up_waiting(session, now)


def _done_by_agent(session: Session, case: Case, now: datetime) -> None:
    """The agent's load goes down (the case stays theirs in the reports), and the time it
    took feeds their efficiency."""
    if case.assignee is None:
        return
    routing.give_back(session, case.assignee)
    agent = session.get(Agent, case.assignee)
    if agent is not None:
        hours = (now - case.created_at).total_seconds() / 3600
        agent.resolution_hours = (
            hours
            if agent.resolution_hours is None
            else (1 - EFFICIENCY_MEMORY) * agent.resolution_hours + EFFICIENCY_MEMORY * hours
        )
        agent.solved_count += 1


def _reopen_with_agent(session: Session, case: Case, now: datetime) -> None:
    """Back to the agent who had it, if they are here and have room; else routed again."""
    previous, case.assignee = case.assignee, None  # their count was given back on solving
    if previous and routing.take(session, previous, now):
        case.assignee = previous
        journal.add(session, case, "assignment", f"reopened: back to {previous}", "routing", now)
    else:
        assigning.route_case(session, case, now, by="reopened")

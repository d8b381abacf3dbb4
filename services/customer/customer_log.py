"""The customer log (C8): what an agent must, should or may know about a customer, for
as long as it is relevant. Red entries pop up when the customer is opened unless told
otherwise; entries marked "remind me at login" greet their author at each login while
they are relevant."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, or_, select
from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.customer.log import LogEntryOut
from crm_common.errors import InvalidInput
from services.customer import audit_trail
from services.customer.merging import resolve
from services.customer.models import Customer, LogEntry, OutboxMessage
from services.customer.register import ensure_not_erased, get_customer

RANK = case({"red": 0, "yellow": 1, "green": 2}, value=LogEntry.importance)


def add_entry(session: Session, customer_id: int, author: str, data: dict[str, Any], today: date) -> LogEntry:
    ensure_not_erased(get_customer(session, customer_id))
    if data.get("relevant_until") is not None and data["relevant_until"] < today:
        raise InvalidInput("the entry would never be shown", {"relevant_until": "lies in the past"})
    pop_up = data.get("pop_up")
    entry = LogEntry(
        customer_id=customer_id,
        author=author,
        text=data["text"],
        importance=data["importance"],
        relevant_until=data.get("relevant_until"),
        pop_up=data["importance"] == "red" if pop_up is None else pop_up,
        remind_at_login=data.get("remind_at_login", False),
        created_at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry


def _relevant(today: date) -> ColumnElement[bool]:
    return or_(LogEntry.relevant_until.is_(None), LogEntry.relevant_until >= today)


def current(session: Session, customer_id: int, today: date) -> list[LogEntry]:
    """The entries still relevant, red first, newest first within a colour."""
    query = (
        select(LogEntry)
        .where(LogEntry.customer_id == customer_id, _relevant(today))
        .order_by(RANK, LogEntry.created_at.desc(), LogEntry.id.desc())
    )
    return list(session.scalars(query))


def at_login(session: Session, author: str, today: date) -> list[tuple[LogEntry, str]]:
    """The author's "remind me at login" entries still relevant, with the customer's name."""
    query = (
        select(LogEntry, Customer.name)
        .join(Customer, Customer.id == LogEntry.customer_id)
        .where(LogEntry.author == author, LogEntry.remind_at_login.is_(True), _relevant(today))
        .order_by(RANK, LogEntry.created_at.desc())
    )
    return [(entry, name) for entry, name in session.execute(query).all()]


def add(
    session: Session, actor: Acting, customer_id: int, author: str, data: dict[str, Any], today: date
) -> dict[str, Any]:
    """An entry (LogEntryIn, loaded) in the log of the customer (the one it was merged
    into, if it was), on the audit trail. Returns LogEntryOut."""
    target = resolve(session, customer_id).id
    entry = add_entry(session, target, author, data, today)
    out: dict[str, Any] = dump(LogEntryOut, entry)
    record_act(
        session,
        OutboxMessage,
        actor,
        "log_entry_added",
        customer_id=target,
        target=f"log entry {entry.id}",
        details={"changes": audit_trail.field_changes({}, audit_trail.log_fields(out))},
    )
    return out


def reminders(session: Session, author: str, today: date) -> list[dict[str, Any]]:
    """at_login as LogEntryOut with `customer_name`."""
    return [
        {**dump(LogEntryOut, entry), "customer_name": name}
        for entry, name in at_login(session, author, today)
    ]

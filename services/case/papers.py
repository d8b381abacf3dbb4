"""Registers of paper (K13): incoming and outgoing mail forwarded to a person or a
department with a reply deadline, and contracts, policies and other documents with where
the original is kept and when they expire. Both remind before their date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.contracts import positive_id
from crm_common.errors import InvalidInput, NotFound
from services.case import reminders
from services.case.models import Case, Correspondence, Document, SlaPolicy

REMIND_AT = time(8, 0)  # in the morning of the reminder's day (UTC)


def register_letter(session: Session, data: dict[str, Any], by: str, now: datetime) -> Correspondence:
    days = data.pop("remind_days_before", 2)
    if data.get("case_id") is not None and session.get(Case, data["case_id"]) is None:
        raise InvalidInput("no such case", {"case_id": "not found"})
    if data.get("reply_by") and data["reply_by"] < data["on_date"]:
        raise InvalidInput("the reply is due before the letter came", {"reply_by": "before on_date"})
    letter = Correspondence(**data, registered_by=by, created_at=now)
    session.add(letter)
    session.flush()
    _remind_reply(session, letter, days, by)
    return letter


def forward(session: Session, letter_id: int, data: dict[str, Any], by: str) -> Correspondence:
    letter = _letter(session, letter_id)
    letter.forwarded_to, letter.department = data.get("forwarded_to"), data.get("department")
    if "reply_by" in data:
        letter.reply_by = data["reply_by"]
    _remind_reply(session, letter, data.get("remind_days_before", 2), by)
    return letter


def replied(session: Session, letter_id: int, on: date) -> Correspondence:
    letter = _letter(session, letter_id)
    letter.replied_on = on
    reminders.cancel(session, "correspondence", letter.id)
    return letter


def letters(
    session: Session, direction: str | None, awaiting_reply: bool, customer_id: int | None
) -> list[Correspondence]:
    query = select(Correspondence)
    if direction:
        query = query.where(Correspondence.direction == direction)
    if awaiting_reply:
        query = query.where(Correspondence.reply_by.is_not(None), Correspondence.replied_on.is_(None))
    if customer_id:
        query = query.where(Correspondence.customer_id == customer_id)
    return list(
        session.scalars(query.order_by(Correspondence.on_date.desc(), Correspondence.id.desc()).limit(500))
    )


def register_document(session: Session, data: dict[str, Any], by: str, now: datetime) -> Document:
    days = data.pop("remind_days_before", 30)
    if data.get("valid_from") and data.get("expires_on") and data["expires_on"] < data["valid_from"]:
        raise InvalidInput("it expires before it is valid", {"expires_on": "before valid_from"})
    if data.get("sla_policy_id") is not None:
        if data["kind"] != "contract":
            raise InvalidInput("only a contract carries a service level", {"sla_policy_id": "not a contract"})
        if session.get(SlaPolicy, data["sla_policy_id"]) is None:
            raise InvalidInput("no such SLA policy", {"sla_policy_id": "not found"})
    document = Document(**data, created_at=now)
    document.responsible = document.responsible or by
    session.add(document)
    session.flush()
    if document.expires_on is not None:
        reminders.schedule(
            session,
            "document",
            document.id,
            _morning(document.expires_on - timedelta(days=days)),
            [document.responsible],
            f"{document.kind.title()} {document.title!r} expires on {document.expires_on}"
            + (f" (the original is at {document.paper_location})" if document.paper_location else ""),
        )
    return document


def documents(
    session: Session, customer_id: int | None, expiring_within_days: int | None, today: date
) -> list[Document]:
    query = select(Document)
    if customer_id:
        query = query.where(Document.customer_id == customer_id)
    if expiring_within_days is not None:
        query = query.where(Document.expires_on <= today + timedelta(days=expiring_within_days))
    return list(
        session.scalars(query.order_by(Document.expires_on.is_(None), Document.expires_on, Document.id))
    )


def _remind_reply(session: Session, letter: Correspondence, days: int, by: str) -> None:
    if letter.reply_by is None or letter.replied_on is not None:
        reminders.cancel(session, "correspondence", letter.id)
        return
    whom = letter.forwarded_to or by
    reminders.schedule(
        session,
        "correspondence",
        letter.id,
        _morning(letter.reply_by - timedelta(days=days)),
        [whom],
        f"Reply to {letter.counterpart} about {letter.subject!r} by {letter.reply_by}",
    )


def _letter(session: Session, letter_id: int) -> Correspondence:
    letter = session.get(Correspondence, letter_id)
    if letter is None:
        raise NotFound(f"letter {letter_id} is not registered", {"letter_id": "not found"})
    return letter


def _morning(day: date) -> datetime:
    return datetime.combine(day, REMIND_AT, timezone.utc)


def customer_filter(value: object) -> int | None:
    """The `customer_id` a list is narrowed to: None for none given."""
    return None if value in (None, "") else positive_id(value, "customer_id")


def days_filter(value: object) -> int | None:
    """`expiring_within_days` as a positive whole number, or None."""
    return None if value is None else positive_id(value, "expiring_within_days")

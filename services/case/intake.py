"""Messages that arrive find their case (K1): the case number tagged in the subject
(`[#2026-000042]`), or the mail thread (In-Reply-To / References naming a message on a
journal, or one of our own replies' Message-IDs, which carry the case number). Otherwise
they open a new case. A message already journaled (the same Message-ID delivered again)
changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.case import cases, journal, sla
from services.case.inbound import Inbound
from services.case.models import Case, JournalEntry

TAG = re.compile(r"\[#\s*(\d{4}-\d{6})\s*\]")
OWN_MESSAGE_ID = re.compile(r"^<case-(\d{4}-\d{6})\.")


@dataclass
class Received:
    case: Case
    entry: JournalEntry
    opened: bool
    duplicate: bool = False


def already_received(session: Session, inbound: Inbound) -> Received | None:
    entry = journal.by_message_id(session, inbound.message_id)
    if entry is None:
        return None
    return Received(session.get(Case, entry.case_id), entry, opened=False, duplicate=True)


def thread_of(session: Session, inbound: Inbound) -> Case | None:
    """The case this message continues, if any."""
    for number in TAG.findall(inbound.subject) + TAG.findall(inbound.text[:2000]):
        case = cases.by_number(session, number)
        if case is not None:
            return case
    if inbound.references:
        case_id = session.scalar(
            select(JournalEntry.case_id).where(JournalEntry.message_id.in_(inbound.references)).limit(1)
        )
        if case_id is not None:
            return session.get(Case, case_id)
        for reference in inbound.references:
            own = OWN_MESSAGE_ID.match(reference)
            if own and (case := cases.by_number(session, own.group(1))) is not None:
                return case
    return None


def receive(
    session: Session,
    inbound: Inbound,
    customer: dict,
    now: datetime,
    review_id: int | None = None,
    case: Case | None = None,
) -> Received:
    """Journal the message on its case (`case`, or the one its thread names), or open
    one. `customer` is the case profile of the sender (empty while unknown). A message
    to a closed case opens a follow-up."""
    found = already_received(session, inbound)
    if found is not None:
        return found
    case = case or thread_of(session, inbound)
    follow_up = None
    if case is not None and case.status == "closed":
        follow_up, case = case, None
    opened = case is None
    if opened:
        description = inbound.text
        if follow_up is not None:
            description = f"(follow-up to the closed case {follow_up.number})\n\n{description}"
        case = cases.open_case(
            session,
            {"subject": inbound.subject[:200], "description": description, "channel": inbound.channel},
            "intake",
            customer,
            now,
            sender=(inbound.sender_name[:200], inbound.sender_address[:254]),
            review_id=review_id,
        )
    entry = journal.add(
        session,
        case,
        "message",
        inbound.text,
        f"{inbound.sender_name} <{inbound.sender_address}>",
        now,
        visibility="public",
        direction="in",
        channel=inbound.channel,
        subject=inbound.subject[:200],
        message_id=inbound.message_id,
        attachments=inbound.attachments,
    )
    if not opened:
        if case.status in ("pending", "solved"):
            cases.set_status(session, case, "open", "intake", now)
        sla.customer_wrote(session, case, now)
    return Received(case, entry, opened)

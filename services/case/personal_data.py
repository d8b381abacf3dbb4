"""What the case service holds on a person: exported (GDPR art. 15) and erased (art. 17).

The export is every case of the customer with its whole journal (public and internal,
attachments as metadata: name, type, size), agenda items, registered calls, letters,
documents and personal-list lines that name them.

Erasure keeps each case's number, channel, category, dates and SLA record (the reports
and the yearly numbering stay whole) and replaces what the person wrote or what was
written about them: the subject and description, the sender, the journal's messages and
notes, the attachments (their bytes go, an "[erased]" stub stays). A case still open is
closed as the erasure's act (load, timers and the agent's count as for any close), so a
later mail from the same address opens a new case rather than adding to this one. The
similar-cases index forgets the case. Agenda items, letters, documents, call notes and
reminders about them lose their texts.

What the person sent before the register knew them carries no customer id: a case from
an unknown sender waiting on (or refused in) the review queue, a message from their
address on a case. Those are found by the sender's address or number, which the
`customer_erased` event carries for this (`erase_sent_by`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import phonenumbers
from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from crm_common.contracts import dump
from crm_common.contracts.case.agenda import AgendaItemOut, PersonalEntryOut
from crm_common.contracts.case.calls import CallRegistrationOut
from crm_common.contracts.case.cases import CaseOut
from crm_common.contracts.case.journal import JournalEntryOut
from crm_common.contracts.case.papers import DocumentOut, LetterOut
from crm_common.erasure import forget_published_events
from crm_common.history import repoint
from crm_common.outbox import UNTIL_PUBLISHED
from crm_common.phones import NotAPhoneNumber, to_e164
from services.case import cases, journal, knowledge, search
from services.case.models import (
    AgendaItem,
    Attachment,
    CallRegistration,
    Case,
    Correspondence,
    Document,
    JournalEntry,
    OutboxMessage,
    PersonalEntry,
    Reminder,
)

ERASED_TEXT = "[erased]"
ERASED_BY = "erasure"
# Journal entries that hold what people wrote; status, assignment and SLA lines do not.
WRITTEN = ("message", "note")

_Owned = TypeVar("_Owned", Case, AgendaItem, CallRegistration, Correspondence, Document, PersonalEntry)


def move_to_survivor(session: Session, merged_id: int, survivor_id: int) -> None:
    """The merged customer's cases, calls, agenda items, papers and personal-list lines
    now belong to the customer they were merged into (C7)."""
    for model in (Case, CallRegistration, AgendaItem, PersonalEntry, Correspondence, Document):
        repoint(session, model, merged_id, survivor_id)


def export(session: Session, ids: list[int]) -> dict[str, Any]:
    """Everything kept under the customer's ids."""

    def rows(model: type[_Owned]) -> list[_Owned]:
        return list(session.scalars(select(model).where(model.customer_id.in_(ids)).order_by(model.id)))

    return {
        "cases": [
            {
                **dump(CaseOut, case),
                "journal": dump(
                    JournalEntryOut, journal.entries(session, case.id, public_only=False), many=True
                ),
            }
            for case in rows(Case)
        ],
        "agenda_items": dump(AgendaItemOut, rows(AgendaItem), many=True),
        "calls": dump(CallRegistrationOut, rows(CallRegistration), many=True),
        "letters": dump(LetterOut, rows(Correspondence), many=True),
        "documents": dump(DocumentOut, rows(Document), many=True),
        "personal_entries": dump(PersonalEntryOut, rows(PersonalEntry), many=True),
    }


def erase_person(session: Session, data: dict[str, Any], now: datetime) -> int:
    """The case service's part of a `customer_erased` event (its `data`): the person's
    cases and papers under their ids (`erase`), and what they sent as an unknown sender
    (`erase_sent_by`, from the event's `until_published` part). Returns the cases changed."""
    held = data.get(UNTIL_PUBLISHED) or {}
    changed = erase(session, data["customer_ids"], now)
    return changed + erase_sent_by(session, held.get("emails") or [], held.get("phones") or [], now)


def erase(session: Session, ids: list[int], now: datetime) -> int:
    """Erase the person's part of every case and paper under `ids`; the cases changed."""
    found = list(session.scalars(select(Case).where(Case.customer_id.in_(ids)).order_by(Case.id)))
    _erase_cases(session, found, now)
    blanks = (
        (AgendaItem, {"title": ERASED_TEXT, "description": ""}, "agenda"),
        (CallRegistration, {"note": ""}, None),
        (Correspondence, {"counterpart": ERASED_TEXT, "subject": ERASED_TEXT}, "correspondence"),
        (Document, {"title": ERASED_TEXT, "paper_location": None}, "document"),
        (PersonalEntry, {"description": ERASED_TEXT}, None),
    )
    for model, values, about in blanks:
        mine = select(model.id).where(model.customer_id.in_(ids))
        if about is not None:
            session.execute(
                update(Reminder)
                .where(Reminder.about == about, Reminder.about_id.in_(mine))
                .values(note=ERASED_TEXT)
                .execution_options(synchronize_session=False)
            )
        session.execute(
            update(model)
            .where(model.customer_id.in_(ids))
            .values(values)
            .execution_options(synchronize_session=False)
        )
    session.expire_all()
    forget_published_events(session, OutboxMessage, ids)
    return len(found)


def _erase_cases(session: Session, found: list[Case], now: datetime) -> None:
    """Close each case and replace its texts, its sender, its journal's messages and
    notes and their attachments; the number, dates and SLA record stay."""
    for case in found:
        if case.status != "closed":
            cases.set_status(session, case, "closed", ERASED_BY, now)
        case.subject, case.description = ERASED_TEXT, ERASED_TEXT
        case.sender_name = case.sender_address = case.postcode = None
        case.updated_at = now
        search.unindex(session, "fts_cases", case.id)
    case_ids = [c.id for c in found]
    if case_ids:
        written = JournalEntry.case_id.in_(case_ids) & JournalEntry.kind.in_(WRITTEN)
        session.execute(
            update(JournalEntry)
            .where(written, JournalEntry.direction == "in")
            .values(author=ERASED_TEXT)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(JournalEntry)
            .where(written)
            .values(subject=None, body=ERASED_TEXT)
            .execution_options(synchronize_session=False)
        )
        _erase_attachments(session, select(JournalEntry.id).where(JournalEntry.case_id.in_(case_ids)))
        session.execute(  # "customer <name> (<id>) linked" (cases.link_customer) names the person
            update(JournalEntry)
            .where(
                JournalEntry.case_id.in_(case_ids),
                JournalEntry.kind == "status",
                JournalEntry.body.like("customer % linked"),
            )
            .values(body="customer linked")
            .execution_options(synchronize_session=False)
        )


def _erase_attachments(session: Session, entries: Select[int]) -> None:
    session.execute(
        update(Attachment)
        .where(Attachment.entry_id.in_(entries))
        .values(filename=ERASED_TEXT, content=b"", size=0)
        .execution_options(synchronize_session=False)
    )


def erase_sent_by(session: Session, emails: list[str], phones: list[str], now: datetime) -> int:
    """Erase what came from the person's addresses (`emails`, lower case) and numbers
    (`phones`, E.164) while no customer id named them. A case that came from one of them
    and has no customer (its sender still waits in the review queue, or was refused) is
    erased as the person's own are. A case of another customer that came from one of them
    (a contact person's for their organisation) loses the sender and the description (the
    first message); the rest is the other customer's. Every message that came in from
    one of them, on any case, loses its text, subject, sender and attachments. Published
    events about those cases lose their data. Returns the cases changed."""
    same = _sender(emails, phones)
    if same is None:
        return 0
    senders = _matching(session, Case.sender_address, Case.channel == "sms", emails, same)
    found = (
        list(session.scalars(select(Case).where(Case.sender_address.in_(senders)).order_by(Case.id)))
        if senders
        else []
    )
    _erase_cases(session, [c for c in found if c.customer_id is None], now)
    for case in found:
        if case.customer_id is not None:
            case.sender_name = case.sender_address = None
            case.description, case.updated_at = ERASED_TEXT, now
            knowledge.index_case(session, case)
    inbound = (JournalEntry.kind == "message") & (JournalEntry.direction == "in")
    authors = _matching(
        session, JournalEntry.author, inbound & (JournalEntry.channel == "sms"), emails, same, named=True
    )
    if authors:
        theirs = inbound & JournalEntry.author.in_(authors)
        _erase_attachments(session, select(JournalEntry.id).where(theirs))
        session.execute(
            update(JournalEntry)
            .where(theirs)
            .values(author=ERASED_TEXT, subject=None, body=ERASED_TEXT)
            .execution_options(synchronize_session=False)
        )
    _forget_case_events(session, [c.id for c in found])
    session.expire_all()
    return len(found)


def _regions(numbers: set[str]) -> set[str]:
    """The countries of the person's numbers, for reading a sender's number written
    without its country code."""
    regions: set[str] = set()
    for number in numbers:
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
        except phonenumbers.NumberParseException:
            continue
        if region is not None:
            regions.add(region)
    return regions


def _sender(emails: list[str], phones: list[str]) -> Callable[[str | None], bool] | None:
    """A test of a sender's address or number against the person's; None when they have
    none. A number not written in international form is read as each of their numbers'
    country."""
    mails = {e.strip().lower() for e in emails if e}
    numbers = {p for p in phones if p}
    if not (mails or numbers):
        return None
    regions = _regions(numbers)

    def same(address: str | None) -> bool:
        text = (address or "").strip()
        if text.lower() in mails:
            return True
        if not numbers or "@" in text:
            return False
        for region in regions or {"ZZ"}:
            try:
                if to_e164(text, region) in numbers:
                    return True
            except NotAPhoneNumber:
                continue
        return False

    return same


def _matching(
    session: Session,
    column: InstrumentedAttribute[str | None],
    numbers_where: ColumnElement[bool],
    emails: list[str],
    same: Callable[[str | None], bool],
    named: bool = False,
) -> set[str]:
    """The distinct values of `column` that name one of the person's addresses or numbers:
    e-mails looked up by the database, numbers (rows under `numbers_where`) read one
    distinct value at a time. `named`: the values are `name <address>`."""
    address: Callable[[str], str] = (lambda v: v.rpartition("<")[2].rstrip(">")) if named else (lambda v: v)
    mails = sorted({e.strip().lower() for e in emails if e})
    candidates: set[str] = set()
    if mails:
        if named:
            wanted = or_(*(func.lower(column).like(f"%<{_like(m)}>", escape="\\") for m in mails))
        else:
            wanted = func.lower(column).in_(mails)
        candidates |= set(session.scalars(select(column).where(wanted).distinct()))
    candidates |= set(session.scalars(select(column).where(numbers_where, column.is_not(None)).distinct()))
    return {v for v in candidates if v and same(address(v))}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _forget_case_events(session: Session, case_ids: list[int]) -> None:
    """Published events about these cases keep their envelope and lose their data (a
    reply's recipient, a subject), as crm_common/erasure.py does for a customer's."""
    if not case_ids:
        return
    about = OutboxMessage.payload[("data", "case_id")].as_integer()
    rows = select(OutboxMessage).where(OutboxMessage.published_at.is_not(None), about.in_(case_ids))
    for row in session.scalars(rows):
        case_id = row.payload["data"].get("case_id")
        if row.payload["data"] != {"case_id": case_id, "erased": True}:
            row.payload = {**row.payload, "data": {"case_id": case_id, "erased": True}}
    session.flush()

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
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.erasure import forget_published_events
from services.case import cases, journal, search
from services.case import schemas as s
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


def export(session: Session, ids: list[int]) -> dict:
    """Everything kept under the customer's ids."""

    def rows(model):
        return list(session.scalars(select(model).where(model.customer_id.in_(ids)).order_by(model.id)))

    return {
        "cases": [
            {
                **s.case_out.dump(case),
                "journal": s.journal_out.dump(
                    journal.entries(session, case.id, public_only=False), many=True
                ),
            }
            for case in rows(Case)
        ],
        "agenda_items": s.agenda_item_out.dump(rows(AgendaItem), many=True),
        "calls": s.call_registration_out.dump(rows(CallRegistration), many=True),
        "letters": s.letter_out.dump(rows(Correspondence), many=True),
        "documents": s.document_out.dump(rows(Document), many=True),
        "personal_entries": s.personal_entry_out.dump(rows(PersonalEntry), many=True),
    }


def erase(session: Session, ids: list[int], now: datetime) -> int:
    """Erase the person's part of every case and paper under `ids`; the cases changed."""
    found = list(session.scalars(select(Case).where(Case.customer_id.in_(ids)).order_by(Case.id)))
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
        entries = select(JournalEntry.id).where(JournalEntry.case_id.in_(case_ids))
        session.execute(
            update(Attachment)
            .where(Attachment.entry_id.in_(entries))
            .values(filename=ERASED_TEXT, content=b"", size=0)
            .execution_options(synchronize_session=False)
        )
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

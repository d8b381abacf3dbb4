"""The case journal (K3): everything that happened on a case, each entry public (the
customer may see it) or internal (staff only)."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.errors import NotFound
from services.case.models import Attachment, Case, JournalEntry


def add(
    session: Session,
    case: Case,
    kind: str,
    body: str,
    author: str,
    now: datetime,
    *,
    visibility: str = "internal",
    direction: str | None = None,
    channel: str | None = None,
    subject: str | None = None,
    message_id: str | None = None,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    flush: bool = True,
) -> JournalEntry:
    """`flush=False` when nobody needs the entry's id now: it is written with the rest of
    the transaction."""
    entry = JournalEntry(
        case_id=case.id,
        kind=kind,
        direction=direction,
        channel=channel,
        visibility=visibility,
        author=author[:254],
        subject=subject,
        body=body,
        message_id=message_id,
        created_at=now,
        attachments=[
            Attachment(filename=name, content_type=ctype, size=len(content), content=content)
            for name, ctype, content in attachments
        ],
    )
    session.add(entry)
    case.updated_at = now
    if flush:
        session.flush()
    return entry


def entries(session: Session, case_id: int, public_only: bool) -> list[JournalEntry]:
    """Oldest first, as a conversation reads. The customer's view passes public_only."""
    query = select(JournalEntry).where(JournalEntry.case_id == case_id)
    if public_only:
        query = query.where(JournalEntry.visibility == "public")
    return list(session.scalars(query.order_by(JournalEntry.created_at, JournalEntry.id)))


def by_message_id(session: Session, message_id: str) -> JournalEntry | None:
    return session.scalar(select(JournalEntry).where(JournalEntry.message_id == message_id))


def last_inbound(session: Session, case_id: int) -> JournalEntry | None:
    """The customer's latest message on the case: what a reply answers."""
    return session.scalar(
        select(JournalEntry)
        .where(
            JournalEntry.case_id == case_id,
            JournalEntry.direction == "in",
            JournalEntry.message_id.is_not(None),
        )
        .order_by(JournalEntry.id.desc())
        .limit(1)
    )


def attachment(session: Session, case_id: int, attachment_id: int) -> Attachment | None:
    return session.scalar(
        select(Attachment)
        .join(JournalEntry)
        .where(Attachment.id == attachment_id, JournalEntry.case_id == case_id)
    )


def outgoing_message_id(case: Case, entry: JournalEntry, domain: str) -> str:
    """The Message-ID of a reply we send: it names the case, so the customer's answer
    threads back even through a mail client that drops In-Reply-To but keeps References."""
    return f"<case-{case.number}.{entry.id}@{domain}>"


def attachment_content(
    session: Session, case_id: int, attachment_id: int, public_only: bool
) -> dict[str, str]:
    """{"filename", "content_type", "content"} of an attachment on the case, its bytes
    in base64. `public_only`: on a public entry only. Raises NotFound."""
    found = attachment(session, case_id, attachment_id)
    if found is None or (public_only and found.entry.visibility != "public"):
        raise NotFound("no such attachment on this case", {"attachment_id": "not found"})
    return {
        "filename": found.filename,
        "content_type": found.content_type,
        "content": base64.b64encode(found.content).decode(),
    }

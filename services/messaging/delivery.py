"""A message's way out (M5): queued → sending → sent, or failed with the reason.

At most once, never lost: a message is claimed (queued → sending, a conditional UPDATE,
so two instances never take the same one) before it is handed to the mail server or the
SMS provider, and marked after. A send that failed for sure (no connection, a temporary
4xx) goes back to the queue with a growing pause, up to MAX_ATTEMPTS; a refusal (5xx,
a provider's 4xx) fails at once. A message found still `sending` long after its claim was
interrupted mid-send: it may have gone out, so it is not sent again — it fails, visibly,
for a person to decide.

A message's sealed secret (a login link, sealing.py) is wiped when it is sent or has
failed for good; it stays, encrypted, only while the message waits for a retry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from services.messaging.models import Message

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
INTERRUPTED = "interrupted while being sent; not sent again, so that it cannot arrive twice"


def claim(session: Session, now: datetime, limit: int) -> list[Message]:
    """Up to `limit` messages due to go, now ours (status `sending`)."""
    ids = list(
        session.scalars(
            select(Message.id)
            .where(
                Message.status == "queued",
                or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
            )
            .order_by(Message.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    session.execute(
        update(Message)
        .where(Message.id.in_(ids), Message.status == "queued")
        .values(status="sending", claimed_at=now, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    # only those this UPDATE took: another instance may have claimed some in between
    return list(
        session.scalars(
            select(Message)
            .where(Message.id.in_(ids), Message.status == "sending", Message.claimed_at == now)
            .order_by(Message.id)
            .execution_options(populate_existing=True)
        )
    )


def sent(session: Session, message_id: int, ref: str, message_header: str | None, now: datetime) -> None:
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == "sending")
        .values(
            status="sent",
            sent_at=now,
            provider_ref=ref[:250],
            message_id=message_header,
            failure=None,
            sealed=None,
        )
        .execution_options(synchronize_session=False)
    )


def retry_later(session: Session, message: Message, reason: str, now: datetime, pause: timedelta) -> str:
    """Back to the queue after a pause that doubles each time; failed after the last try."""
    if message.attempts >= MAX_ATTEMPTS:
        failed(session, message.id, f"gave up after {message.attempts} attempts: {reason}")
        return "failed"
    session.execute(
        update(Message)
        .where(Message.id == message.id, Message.status == "sending")
        .values(
            status="queued", next_attempt_at=now + pause * 2 ** (message.attempts - 1), failure=reason[:2000]
        )
        .execution_options(synchronize_session=False)
    )
    return "queued"


def failed(session: Session, message_id: int, reason: str) -> None:
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == "sending")
        .values(status="failed", failure=reason[:2000], sealed=None)
        .execution_options(synchronize_session=False)
    )


def interrupted(session: Session, now: datetime) -> int:
    """Messages left `sending` by a process that stopped mid-send. Looked for first, so
    the timer's every tick does not take the database's write lock for nothing."""
    stale = (Message.status == "sending", Message.claimed_at < now - LEASE)
    if session.scalar(select(Message.id).where(*stale).limit(1)) is None:
        return 0
    result = session.execute(
        update(Message)
        .where(*stale)
        .values(status="failed", failure=INTERRUPTED, sealed=None)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount  # an UPDATE's result is a cursor's

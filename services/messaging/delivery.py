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
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.config import Settings
from crm_common.dml import rows_changed
from crm_common.outbox import record
from services.messaging import outgoing, transports
from services.messaging.models import Message, OutboxMessage

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

BATCH = 200  # the most messages claimed, and then sent, at once
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
    return rows_changed(
        session,
        update(Message)
        .where(*stale)
        .values(status="failed", failure=INTERRUPTED, sealed=None)
        .execution_options(synchronize_session=False),
    )


def send_due(uow: UnitOfWork, now: datetime, settings: Settings) -> None:
    """Send what is queued (M5): claim a batch (after failing what an interrupted send
    left behind), send it with no transaction open, then record how each went in one
    transaction: sent (announced as `message_sent`), back in the queue after a pause of
    `settings.send_retry_seconds` that doubles each try, or failed with the reason."""
    with uow.transaction() as session:
        interrupted(session, now)
        batch = claim(session, now, BATCH)
    if not batch:
        return
    outcomes = transports.send_batch(batch, settings)
    done = utcnow()
    pause = timedelta(seconds=settings.send_retry_seconds)
    with uow.transaction() as session:
        for message, outcome, detail in outcomes:
            _settle(session, message, outcome, detail, done, pause)


def _settle(
    session: Session, message: Message, outcome: str, detail: Any, now: datetime, pause: timedelta
) -> None:
    """One send's outcome (transports.send_each's) on the message's row."""
    if outcome == "sent":
        ref, header = detail
        sent(session, message.id, ref, header or message.message_id, now)
        record(session, OutboxMessage, "message_sent", message_sent(message, now))
    elif outcome == "retry":
        retry_later(session, message, detail, now, pause)
    else:
        failed(session, message.id, detail)


def message_sent(message: Message, sent_at: datetime) -> dict[str, Any]:
    """The `message_sent` event's data; also what sent_history answers for each message."""
    return {
        "message_id": message.id,
        "customer_id": message.customer_id,
        "channel": message.channel,
        "template": message.template,
        "sent_at": sent_at.isoformat(),
    }


def sent_history(session: Session, after_id: int, limit: int) -> list[dict[str, Any]]:
    """The messages that reached a customer after message `after_id`, oldest first, each
    as `message_sent` told it: for rebuilding another service's read model."""
    found = outgoing.sent_after(session, after_id, limit)
    return [message_sent(m, cast(datetime, m.sent_at)) for m in found]  # sent: it has a time

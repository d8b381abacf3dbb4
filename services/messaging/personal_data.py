"""What messaging holds on a person: the messages sent to them and their opt-outs,
exported (GDPR art. 15) and erased (art. 17).

An erased message keeps when it went, on which channel, from which template and with
what outcome (the log of what went out, and campaign statistics); it loses the
recipient, the subject, the body and any provider text that may quote the address. A
message still waiting to go is not sent: it fails as erased. Opt-outs stay: they hold
no more than the customer id, and they are the person's own wish.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.erasure import forget_published_events
from services.messaging import schemas as s
from services.messaging import settings_admin
from services.messaging.models import Message, OutboxMessage

NOT_SENT = "the recipient's data was erased"


def export(session: Session, ids: list[int]) -> dict:
    """The messages to the customer's ids (oldest first) and their opt-outs."""
    messages = session.scalars(select(Message).where(Message.customer_id.in_(ids)).order_by(Message.id))
    return {
        "messages": s.message_out.dump(messages, many=True),
        "opt_outs": [s.opt_out_out.dump(o) for cid in ids for o in settings_admin.opt_outs(session, cid)],
    }


def erase(session: Session, ids: list[int]) -> int:
    """Blank the customer's messages; those still queued fail unsent. The messages changed."""
    mine = Message.customer_id.in_(ids)
    changed = session.execute(
        update(Message)
        .where(mine)
        .values(recipient=None, subject="", body="", html_body=None, sealed=None, failure=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(
        update(Message)
        .where(mine, Message.status == "queued")
        .values(status="failed", failure=NOT_SENT, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    forget_published_events(session, OutboxMessage, ids)
    return changed

"""Automatic messages on events (M2) and the per-customer log of what was sent (M3)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.history import newest_first
from services.messaging.models import Message
from services.messaging.templates import render


def confirm_case(session: Session, case: dict, customer: dict) -> Message | None:
    """Record the case confirmation to the customer (K2); None if it already exists."""
    key = f"case_opened:{case['case_id']}"
    if session.scalar(select(Message.id).where(Message.dedupe_key == key)):
        return None
    rendered = render(
        "case_confirmation",
        {
            "case": {"number": case["number"], "subject": case["subject"]},
            "customer": {"name": customer["name"]},
        },
    )
    recipient = next((e["address"] for e in customer.get("emails") or []), None)
    message = Message(
        customer_id=case["customer_id"],
        template="case_confirmation",
        recipient=recipient,
        status="recorded" if recipient else "no_address",
        dedupe_key=key,
        created_at=utcnow(),
        **rendered,
    )
    session.add(message)
    session.flush()
    return message


def messages_to(session: Session, customer_id: int, limit: int = 50) -> list[Message]:
    return newest_first(session, Message, customer_id, limit)

"""Automatic messages on events (M2) and the per-customer log of what was sent (M3)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.history import newest_first
from services.messaging.models import Message
from services.messaging.templates import render

# Which event of the order book sends which template, and under what name the
# template sees the event's data.
ORDER_EVENTS = {
    "order_placed": ("order_confirmation", "order"),
    "order_shipped": ("delivery_notice", "delivery"),
    "delivery_delayed": ("delivery_delayed", "delay"),
    "return_received": ("return_received", "returned"),
    "refund_paid": ("refund_paid", "refund"),
    "membership_ended": ("membership_ended", "membership"),
}


def confirm_case(session: Session, case: dict, customer: dict) -> Message | None:
    """Record the case confirmation to the customer (K2); None if it already exists."""
    return compose(
        session,
        "case_confirmation",
        f"case_opened:{case['case_id']}",
        customer,
        {"case": {"number": case["number"], "subject": case["subject"]}},
    )


def compose(session: Session, template: str, key: str, customer: dict, values: dict) -> Message | None:
    """Record `template` to the customer, filled with `values`; None when the message
    with this key exists already (a redelivered event)."""
    if session.scalar(select(Message.id).where(Message.dedupe_key == key)):
        return None
    rendered = render(template, {**values, "customer": {"name": customer["name"]}})
    recipient = next((e["address"] for e in customer.get("emails") or []), None)
    message = Message(
        customer_id=customer["id"],
        template=template,
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

"""What the audit trail says when someone changes what we send (M1, M2): a template's
fields or an event's rules, old and new, as one `template_changed` act written with the
change (crm_common/audit.py); and when a customer's consent to marketing changes (M5),
by their own hand in the portal or by staff, as `consent_changed`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import changes, record_act
from services.messaging.models import EventRule, MessageTemplate, OutboxMessage

ACTION = "template_changed"
CONSENT = "consent_changed"
TEMPLATE_FIELDS = ("purpose", "topic", "subject", "text", "html")


def template(session: Session, name: str, language: str, channel: str) -> dict[str, Any]:
    """A stored template's fields now (all None when there is none)."""
    row = session.scalar(
        select(MessageTemplate).where(
            MessageTemplate.name == name,
            MessageTemplate.language == language,
            MessageTemplate.channel == channel,
        )
    )
    return {field: getattr(row, field) if row is not None else None for field in TEMPLATE_FIELDS}


def rules(session: Session, event_type: str) -> dict[str, Any]:
    """An event's rules now, as "template on channel" texts."""
    found = session.scalars(
        select(EventRule).where(EventRule.event_type == event_type).order_by(EventRule.id)
    )
    return {"rules": [f"{r.template} on {r.channel}" for r in found]}


def record_template(
    session: Session, actor: Acting, key: tuple[str, str, str], before: dict[str, Any], after: dict[str, Any]
) -> str | None:
    """The act for template `key` (name, language, channel) going from `before` to
    `after`; None when nothing changed."""
    return _record(session, actor, "template " + "/".join(key), before, after, "template")


def record_rules(
    session: Session, actor: Acting, event_type: str, before: dict[str, Any], after: dict[str, Any]
) -> str | None:
    return _record(session, actor, f"event rules {event_type}", before, after, "event_rules")


def _record(
    session: Session, actor: Acting, target: str, before: dict[str, Any], after: dict[str, Any], kind: str
) -> str | None:
    found = changes(before, after)
    if not found:
        return None
    was, now = (
        any(v not in (None, []) for v in before.values()),
        any(v not in (None, []) for v in after.values()),
    )
    operation = "created" if not was else "deleted" if not now else "updated"
    return record_act(
        session,
        OutboxMessage,
        actor,
        ACTION,
        target=target,
        details={"kind": kind, "operation": operation, "changes": found},
    )


def record_consent(
    session: Session,
    actor: Acting,
    customer_id: int,
    channel: str,
    topic: str | None,
    was: bool,
    now: bool,
) -> str | None:
    """The act for the customer's consent to marketing on `channel` (of newsletter
    `topic`; None: all marketing there) going from `was` to `now` (True: wanted); None
    when it did not change."""
    if was == now:
        return None
    return record_act(
        session,
        OutboxMessage,
        actor,
        CONSENT,
        customer_id=customer_id,
        target=f"marketing by {channel}" + (f", newsletter {topic}" if topic else ""),
        details={
            "channel": channel,
            "newsletter": topic,
            "changes": [{"field": "consent", "old": was, "new": now}],
        },
    )

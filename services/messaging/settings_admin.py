"""Keeping what messaging is told to do (M1, M2, M5): stored templates, which event sends
which template on which channel, and customers' opt-outs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from crm_common.acting import SYSTEM, Acting
from crm_common.dml import rows_changed
from crm_common.errors import InvalidInput, NotFound
from crm_common.templating import check
from services.messaging import audit_trail, templates
from services.messaging.models import EventRule, MessageTemplate, OptOut

EVENTS = (
    "case_opened",
    "order_placed",
    "order_shipped",
    "delivery_delayed",
    "return_received",
    "refund_paid",
    "membership_ended",
)


def change_template(
    session: Session, actor: Acting, key: tuple[str, str, str], data: dict[str, Any], now: datetime
) -> MessageTemplate:
    """Store the template `key` (name, language, channel) from TemplateIn (valid), the
    change written to the audit trail as `actor`'s act. Raises InvalidInput (it does not
    parse, a partial it includes does not exist)."""
    before = audit_trail.template(session, *key)
    row = save_template(session, *key, data, now)
    audit_trail.record_template(session, actor, key, before, audit_trail.template(session, *key))
    return row


def remove_template(session: Session, actor: Acting, key: tuple[str, str, str]) -> None:
    """Delete the stored template `key` (name, language, channel), the deletion written
    to the audit trail as `actor`'s act. Raises NotFound."""
    before = audit_trail.template(session, *key)
    delete_template(session, *key)
    audit_trail.record_template(session, actor, key, before, dict.fromkeys(before))


def change_event_rules(
    session: Session, actor: Acting, event_type: str, rules: list[dict[str, Any]]
) -> list[EventRule]:
    """Replace the event's rules (set_event_rules), the change written to the audit trail
    as `actor`'s act."""
    before = audit_trail.rules(session, event_type)
    made = set_event_rules(session, event_type, rules)
    audit_trail.record_rules(session, actor, event_type, before, audit_trail.rules(session, event_type))
    return made


def save_template(
    session: Session, name: str, language: str, channel: str, data: dict[str, Any], now: datetime
) -> MessageTemplate:
    for field in ("subject", "text", "html"):
        if data.get(field):
            check(data[field], field)
    row = session.scalar(
        select(MessageTemplate).where(
            MessageTemplate.name == name,
            MessageTemplate.language == language,
            MessageTemplate.channel == channel,
        )
    )
    if row is None:
        row = MessageTemplate(name=name, language=language, channel=channel)
        session.add(row)
    for key in ("purpose", "topic", "subject", "text", "html"):
        setattr(row, key, data.get(key))
    row.subject = row.subject or ""
    row.updated_at = now
    templates.changed(session)
    session.flush()
    return row


def stored_templates(session: Session) -> list[MessageTemplate]:
    return list(
        session.scalars(
            select(MessageTemplate).order_by(
                MessageTemplate.name, MessageTemplate.language, MessageTemplate.channel
            )
        )
    )


def delete_template(session: Session, name: str, language: str, channel: str) -> None:
    gone = rows_changed(
        session,
        delete(MessageTemplate).where(
            MessageTemplate.name == name,
            MessageTemplate.language == language,
            MessageTemplate.channel == channel,
        ),
    )
    if not gone:  # a DELETE's result is a cursor's
        raise NotFound(f"no stored template {name}/{language}/{channel}", {"template": "not found"})
    templates.changed(session)


def set_event_rules(session: Session, event_type: str, rules: list[dict[str, Any]]) -> list[EventRule]:
    """Replace the event's rules; each template must exist for its channel."""
    if event_type not in EVENTS:
        raise InvalidInput(
            f"messaging sends nothing on {event_type!r}", {"event_type": "not one of " + ", ".join(EVENTS)}
        )
    for i, rule in enumerate(rules):
        if not templates.exists(session, rule["template"], rule["channel"]):
            raise InvalidInput(
                f"no template {rule['template']!r} for {rule['channel']}",
                {f"rules.{i}.template": "no such template"},
            ) from None
    session.execute(delete(EventRule).where(EventRule.event_type == event_type))
    made = [
        EventRule(event_type=event_type, template=r["template"], channel=r["channel"], active=True)
        for r in rules
    ]
    session.add_all(made)
    session.flush()
    return made


def event_rules(session: Session) -> list[EventRule]:
    return list(session.scalars(select(EventRule).order_by(EventRule.event_type, EventRule.channel)))


def opt_out(session: Session, customer_id: int, channel: str, topic: str | None, now: datetime) -> OptOut:
    found = session.scalar(
        select(OptOut).where(
            OptOut.customer_id == customer_id,
            OptOut.channel == channel,
            _topic_is(topic),
        )
    )
    if found is None:
        found = OptOut(customer_id=customer_id, channel=channel, topic=topic, created_at=now)
        session.add(found)
        session.flush()
    return found


def opt_in(session: Session, customer_id: int, channel: str, topic: str | None) -> None:
    session.execute(
        delete(OptOut).where(OptOut.customer_id == customer_id, OptOut.channel == channel, _topic_is(topic))
    )


def opt_outs(session: Session, customer_id: int) -> list[OptOut]:
    return list(session.scalars(select(OptOut).where(OptOut.customer_id == customer_id).order_by(OptOut.id)))


def stop_marketing(
    session: Session,
    customer_id: int,
    channel: str,
    topic: str | None,
    now: datetime,
    actor: Acting = SYSTEM,
) -> list[OptOut]:
    """No marketing on `channel` (of newsletter `topic`; None: any) to the customer any
    more; a change of their consent is on the audit trail as `actor`'s
    `consent_changed`. Returns all their opt-outs."""
    before = _opted_out(session, customer_id, channel, topic)
    opt_out(session, customer_id, channel, topic, now)
    audit_trail.record_consent(session, actor, customer_id, channel, topic, not before, False)
    return opt_outs(session, customer_id)


def resume_marketing(
    session: Session, customer_id: int, channel: str, topic: str | None, actor: Acting = SYSTEM
) -> list[OptOut]:
    """Take back an opt-out (stop_marketing's), on the audit trail as `actor`'s
    `consent_changed` when there was one. Returns the customer's opt-outs left."""
    before = _opted_out(session, customer_id, channel, topic)
    opt_in(session, customer_id, channel, topic)
    audit_trail.record_consent(session, actor, customer_id, channel, topic, not before, True)
    return opt_outs(session, customer_id)


def _opted_out(session: Session, customer_id: int, channel: str, topic: str | None) -> bool:
    query = select(OptOut.id).where(
        OptOut.customer_id == customer_id, OptOut.channel == channel, _topic_is(topic)
    )
    return session.scalar(query.limit(1)) is not None


def _topic_is(topic: str | None) -> ColumnElement[bool]:
    return OptOut.topic.is_(None) if topic is None else OptOut.topic == topic


def move_opt_outs(session: Session, merged_id: int, survivor_id: int) -> None:
    """After a merge the survivor keeps every wish of both (one row each)."""
    held = {(o.channel, o.topic) for o in opt_outs(session, survivor_id)}
    for row in opt_outs(session, merged_id):
        if (row.channel, row.topic) in held:
            session.delete(row)
        else:
            row.customer_id = survivor_id


def newsletters(session: Session) -> list[str]:
    """The newsletters there are: the topics of the stored templates, by name."""
    query = select(MessageTemplate.topic).where(MessageTemplate.topic.is_not(None)).distinct()
    return sorted(session.scalars(query))

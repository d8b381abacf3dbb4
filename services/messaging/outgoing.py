"""Automatic messages on events (M2) and the per-customer log of what was sent (M3)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import NotFound
from crm_common.history import newest_first
from crm_common.outbox import record
from services.messaging import letters, sealing, templates
from services.messaging.models import SUBJECT_LENGTH, EventRule, Message, OptOut, OutboxMessage

_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")

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


def tell(
    session: Session, event_type: str, event_id: str, customer: dict[str, Any], data: dict[str, Any]
) -> list[Message]:
    """The order book's event as its rules say (M2), once per event and channel."""
    default, name = ORDER_EVENTS[event_type]
    return by_rules(session, event_type, default, f"{event_type}:{event_id}", customer, {name: data})


def confirm_case(session: Session, case: dict[str, Any], customer: dict[str, Any]) -> list[Message]:
    """The case confirmation with its number (K2), on the channels the rules for
    `case_opened` name (e-mail by default); once per case: [] when it exists already."""
    values = {"case": {"number": case["number"], "subject": case["subject"]}}
    return by_rules(
        session, "case_opened", "case_confirmation", f"case_opened:{case['case_id']}", customer, values
    )


def by_rules(
    session: Session,
    event_type: str,
    default: str,
    key: str,
    customer: dict[str, Any],
    values: dict[str, Any],
) -> list[Message]:
    """Each rule of the event a template on a channel; without rules, the default
    template on its own channel. The key is the message's for e-mail, and gets the
    channel added for the others."""
    rules: list[tuple[str, str | None]] = [
        (rule.template, rule.channel)
        for rule in session.execute(
            select(EventRule.template, EventRule.channel).where(
                EventRule.event_type == event_type, EventRule.active
            )
        )
    ]
    made = []
    for template, channel in rules or [(default, None)]:
        channel_key = key if channel in (None, "email") else f"{key}:{channel}"
        message = compose(session, template, channel_key, customer, values, channel=channel)
        if message is not None:
            made.append(message)
    return made


def compose(
    session: Session,
    template: str,
    key: str,
    customer: dict[str, Any] | None,
    values: dict[str, Any],
    *,
    to: str | None = None,
    headers: dict[str, Any] | None = None,
    channel: str | None = None,
    language: str | None = None,
    secret_values: dict[str, Any] | None = None,
) -> Message | None:
    """Queue `template` to the customer (or to `to`) in their language, filled with
    `values`; None when the message with this key exists already (a redelivered event).
    Marketing to a customer who opted out of it is kept as `opted_out`, never sent.
    `secret_values` (a login link) are filled in only when it is sent: the row keeps
    placeholders and the secrets sealed (sealing.py). A line break in the subject, from a
    template or the values it was given, is folded into a space: one header line; a subject
    longer than 200 characters loses its end."""
    if session.scalar(select(Message.id).where(Message.dedupe_key == key)):
        return None
    chosen = templates.choose(session, template, language or (customer or {}).get("language"), channel)
    rendered = _rendered(session, chosen, customer, sealing.redacted(values, secret_values or {}))
    recipient = to or address_of(customer, chosen.channel)
    status = _status(session, chosen, customer, recipient)
    message = Message(
        customer_id=customer["id"] if customer else None,
        template=template,
        recipient=recipient,
        status=status,
        dedupe_key=key,
        created_at=utcnow(),
        language=chosen.language,
        **(headers or {}),
        **rendered,
        sealed=sealing.seal(secret_values or {}) if status == "queued" else None,
    )
    session.add(message)
    session.flush()
    return message


def _rendered(
    session: Session, chosen: templates.Template, customer: dict[str, Any] | None, values: dict[str, Any]
) -> templates.Rendered:
    """The template filled with `values` and the customer's name; its subject one header
    line, and no longer than the column (a reminder names a letter's subject)."""
    person = {k: (customer or {}).get(k) for k in ("id", "name", "given_name", "family_name")}
    rendered = templates.render(
        session, chosen, {**values, "customer": {**person, "name": person["name"] or ""}}
    )
    rendered["subject"] = one_line(rendered["subject"])[:SUBJECT_LENGTH]
    return rendered


def _status(
    session: Session, chosen: templates.Template, customer: dict[str, Any] | None, recipient: str | None
) -> str:
    """`queued`; `no_address` without a recipient; `opted_out` for marketing the customer
    said no to."""
    status = "queued" if recipient else "no_address"
    if (
        chosen.purpose == "marketing"
        and customer
        and opted_out(session, customer["id"], chosen.channel, chosen.topic)
    ):
        status = "opted_out"
    return status


def message_recorded(message: Message) -> dict[str, Any]:
    """The `message_recorded` event's data."""
    return {"message_id": message.id, "customer_id": message.customer_id, "template": message.template}


def announce(session: Session, messages: Iterable[Message | None]) -> None:
    """Tell each message queued as `message_recorded`, in its transaction; None (a message
    that existed already) tells nothing."""
    for message in messages:
        if message is not None:
            record(session, OutboxMessage, "message_recorded", message_recorded(message))


def by_hand(
    session: Session,
    data: dict[str, Any],
    customer: dict[str, Any],
    sent_by: str,
    secret_values: dict[str, Any] | None = None,
) -> Message:
    """An agent's message from a template (ManualMessageIn, valid) to the customer (M3),
    queued and announced like any other; `text` and the agent's name are among its
    values. `secret_values` (a login link) reach the customer only (sealing.py). Raises
    InvalidInput (no such template, a value it needs and was not given)."""
    message = compose(
        session,
        data["template"],
        f"manual:{uuid.uuid4()}",
        customer,
        {"text": data["text"], "agent": sent_by, **data["values"]},
        channel=data["channel"],
        language=data["language"],
        secret_values=secret_values,
    )
    announce(session, [message])
    return cast(Message, message)  # a new key: never None


def one_line(text: str) -> str:
    """CR, LF and the other line breaks a mail header cannot hold, folded into one space."""
    return _LINE_BREAKS.sub(" ", text).strip() if text else text


def opted_out(session: Session, customer_id: int, channel: str, topic: str | None) -> bool:
    return bool(
        session.scalar(
            select(OptOut.id)
            .where(
                OptOut.customer_id == customer_id,
                OptOut.channel == channel,
                or_(OptOut.topic.is_(None), OptOut.topic == topic),
            )
            .limit(1)
        )
    )


def address_of(customer: dict[str, Any] | None, channel: str) -> str | None:
    """Where the customer gets this channel: the first e-mail, or a mobile (else any
    phone) for SMS."""
    if not customer:
        return None
    if channel == "letter":
        return letters.address_block(customer)
    if channel == "sms":
        phones = customer.get("phones") or []
        mobile = next((p for p in phones if p.get("label") == "mobile"), phones[0] if phones else None)
        return mobile["e164"] if mobile else None
    return next((e["address"] for e in customer.get("emails") or []), None)


def reply_to_case(session: Session, reply: dict[str, Any], customer: dict[str, Any] | None) -> Message | None:
    """Send the agent's answer on a case (K3): threaded under the customer's mail, by SMS
    when the case came by SMS; to the sender's own address while they wait in review."""
    template = "case_reply_sms" if reply["channel"] == "sms" else "case_reply"
    return compose(
        session,
        template,
        f"case_replied:{reply['entry_id']}",
        customer,
        {"reply": reply},
        to=None if customer else reply.get("recipient"),
        headers={"message_id": reply.get("message_id"), "in_reply_to": reply.get("in_reply_to")},
    )


def warn_staff(session: Session, escalated: dict[str, Any], event_id: str) -> list[Message]:
    """The SLA escalation's e-mails and SMS to the people its step names (K5, M2)."""
    sent = []
    for channel, template in (("email", "sla_warning"), ("sms", "sla_warning_sms")):
        for recipient in escalated["notify"].get(channel, []):
            message = compose(
                session,
                template,
                f"sla_escalated:{event_id}:{recipient}",
                None,
                {"sla": escalated},
                to=recipient,
            )
            if message is not None:
                sent.append(message)
    return sent


def remind_staff(session: Session, reminder: dict[str, Any]) -> list[Message]:
    """A reminder from the agenda or the registers, to each recipient with an address."""
    sent = []
    for person in reminder["recipients"]:
        message = compose(
            session,
            "reminder",
            f"reminder:{reminder['reminder_id']}:{person['username']}",
            None,
            {"reminder": reminder},
            to=person["email"],
        )
        if message is not None:
            sent.append(message)
    return sent


def one(session: Session, message_id: int) -> Message:
    """A message as it was sent (secrets in it stay as their placeholders). Raises NotFound."""
    message = session.get(Message, message_id)
    if message is None:
        raise NotFound(f"message {message_id} does not exist", {"message_id": "not found"})
    return message


def messages_to(session: Session, customer_id: int, limit: int = 50) -> list[Message]:
    return newest_first(session, Message, customer_id, limit)


def outgoing_log(
    session: Session, recipient: str | None, template: str | None, limit: int, status: str | None = None
) -> list[Message]:
    """Everything sent, newest first, to one address, of one template or in one status
    (`failed`: what a person should look at): the log a supervisor reads."""
    query = select(Message)
    if status:
        query = query.where(Message.status == status)
    if recipient:
        query = query.where(Message.recipient == recipient)
    if template:
        query = query.where(Message.template == template)
    return list(session.scalars(query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)))


def sent_after(session: Session, after_id: int, limit: int) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.id > after_id, Message.status == "sent", Message.customer_id.is_not(None))
            .order_by(Message.id)
            .limit(limit)
        )
    )

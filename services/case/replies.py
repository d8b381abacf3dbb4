"""The agent's replies to the customer and reply templates (K8): the agent picks a
template, writes only what is new, and the rest is filled in from the customer, the case
and an order, in Jinja2's sandbox. A reply goes out through messaging (`case_replied`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jinja2.exceptions import SecurityError, UndefinedError
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.acting import SYSTEM, Acting
from crm_common.config import load_settings
from crm_common.errors import Conflict, InvalidInput
from crm_common.outbox import record
from crm_common.templating import check, compiled
from services.case import audit_trail, cases, journal
from services.case.models import Case, JournalEntry, OutboxMessage, ReplyTemplate

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork


def send(
    session: Session,
    case_id: int,
    body: str,
    author: str,
    then: str | None,
    now: datetime,
    mail_domain: str | None = None,
) -> JournalEntry:
    """The agent's answer (cases.reply) with a Message-ID of our own in `mail_domain`
    (default: the CRM_MAIL_DOMAIN setting), announced as `case_replied` for messaging to
    send, in answer to the customer's latest message. Raises NotFound, Conflict (closed)."""
    case = cases.get_case(session, case_id)
    entry = cases.reply(session, case, body, author, now, then)
    domain = mail_domain if mail_domain is not None else load_settings().mail_domain
    entry.message_id = journal.outgoing_message_id(case, entry, domain)
    last_in = journal.last_inbound(session, case.id)
    record(session, OutboxMessage, "case_replied", case_replied(case, entry, author, last_in))
    session.flush()
    return entry


def case_replied(
    case: Case, entry: JournalEntry, author: str, last_in: JournalEntry | None
) -> dict[str, Any]:
    """The `case_replied` event's data: what messaging sends, and to whom."""
    return {
        "case_id": case.id,
        "number": case.number,
        "customer_id": case.customer_id,
        "recipient": case.sender_address,
        "entry_id": entry.id,
        "subject": entry.subject,
        "body": entry.body,
        "author": author,
        "message_id": entry.message_id,
        "in_reply_to": last_in.message_id if last_in else None,
        "channel": entry.channel,
    }


def reply_body(
    uow: UnitOfWork,
    case_id: int,
    data: dict[str, Any],
    author: str,
    get_customer: Callable[[int], dict[str, Any]],
    get_order: Callable[[int], dict[str, Any]],
) -> str:
    """What a reply (ReplyIn) sends: the agent's `body` as written, or with a
    `template_id` the template filled with it (`fill`), unless the body is the filled
    template already (`already_filled`): then as written."""
    if data["template_id"] is None:
        body: str = data["body"]
        return body
    return fill(uow, case_id, data, author, get_customer, get_order)


def fill(
    uow: UnitOfWork,
    case_id: int,
    data: dict[str, Any],
    author: str,
    get_customer: Callable[[int], dict[str, Any]],
    get_order: Callable[[int], dict[str, Any]],
) -> str:
    """A reply template filled for the case (RenderIn or ReplyIn: `template_id`,
    `order_id`, the agent's `text` or `body`). The case and the template are read first,
    then the customer and the order are asked for with no session open. Raises
    InvalidInput (no such template, a value the case lacks, an order of someone else),
    NotFound (no such case)."""
    with uow.read() as session:
        case = case_values(cases.get_case(session, case_id))
        template = get(session, data["template_id"]).body
    customer_id = case["customer_id"]
    customer = get_customer(customer_id) if customer_id else None
    order = None
    if data.get("order_id"):
        order = get_order(data["order_id"])
        if order["customer_id"] != customer_id:
            raise InvalidInput("the order is another customer's", {"order_id": "not this customer's"})
    text: str = data["text"] if "text" in data else data.get("body", "")
    filled = values(case, customer, order, author, text)
    if "text" not in data and already_filled(template, filled, text):
        return text
    return render(template, filled)


def already_filled(template: str, filled: dict[str, Any], body: str) -> bool:
    """Whether a reply's `body` is the template filled already (the desk's preview, as
    the agent may have edited it), not only the new text: it begins with the line the
    template's greeting begins with, or ends with the line its signature ends with.
    Filling it again would greet and sign twice."""
    marker = f"\x00text-{uuid.uuid4().hex}\x00"
    head, _, tail = render(template, {**filled, "text": marker}).partition(marker)
    head_lines, tail_lines = head.strip().splitlines(), tail.strip().splitlines()
    written = body.replace("\r\n", "\n").strip()
    greets = bool(head_lines) and written.startswith(head_lines[0].strip())
    signs = bool(tail_lines) and written.endswith(tail_lines[-1].strip())
    return greets or signs


def create(session: Session, data: dict[str, Any], *, actor: Acting = SYSTEM) -> ReplyTemplate:
    """Store a reply template (ReplyTemplateIn, valid), written to the audit trail as
    `actor`'s `reply_template_changed`. Raises InvalidInput (the body does not parse),
    Conflict (the name is taken in that language)."""
    check(data["body"], "body")
    taken = session.scalar(
        select(ReplyTemplate.id).where(
            ReplyTemplate.name == data["name"], ReplyTemplate.language == data["language"]
        )
    )
    if taken:
        raise Conflict(f"a template {data['name']!r} in {data['language']} exists", {"name": "taken"})
    template = ReplyTemplate(**data)
    session.add(template)
    session.flush()
    audit_trail.record_change(
        session,
        actor,
        audit_trail.REPLY_TEMPLATE,
        f"reply template {template.id}",
        audit_trail.gone(ReplyTemplate),
        audit_trail.snapshot(template),
    )
    return template


def listed(session: Session, language: str | None) -> list[ReplyTemplate]:
    query = select(ReplyTemplate).order_by(ReplyTemplate.name, ReplyTemplate.language)
    if language:
        query = query.where(ReplyTemplate.language == language)
    return list(session.scalars(query))


def get(session: Session, template_id: int) -> ReplyTemplate:
    template = session.get(ReplyTemplate, template_id)
    if template is None:
        raise InvalidInput("no such reply template", {"template_id": "not found"})
    return template


def case_values(case: Case) -> dict[str, Any]:
    """What a template may use of the case (read while the case is at hand)."""
    return {
        "number": case.number,
        "subject": case.subject,
        "status": case.status,
        "channel": case.channel,
        "opened": case.created_at.date().isoformat(),
        "customer_id": case.customer_id,
        "sender_name": case.sender_name or "",
    }


def values(
    case: dict[str, Any], customer: dict[str, Any] | None, order: dict[str, Any] | None, agent: str, text: str
) -> dict[str, Any]:
    """Everything a template may use: customer.*, case.*, order.* (when one is named),
    agent, and text (the agent's own words)."""
    return {
        "customer": customer or {"name": case["sender_name"]},
        "case": case,
        "order": order,
        "agent": agent,
        "text": text,
    }


def render(body: str, filled: dict[str, Any]) -> str:
    try:
        return compiled(body).render(filled).strip()
    except UndefinedError as err:
        missing = str(err.message)  # what jinja2 says is undefined; it always says
        raise InvalidInput(
            f"the template uses a value this case does not have: {missing}", {"template_id": missing}
        ) from None
    except SecurityError:
        raise InvalidInput(
            "the template reaches for something it may not", {"template_id": "not allowed"}
        ) from None

"""Reply templates (K8): the agent picks one, writes only what is new, and the rest is
filled in from the customer, the case and an order, in Jinja2's sandbox."""

from __future__ import annotations

from jinja2.exceptions import SecurityError, UndefinedError
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, InvalidInput
from crm_common.templating import check, compiled
from services.case.models import Case, ReplyTemplate


def create(session: Session, data: dict) -> ReplyTemplate:
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


def case_values(case: Case) -> dict:
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


def values(case: dict, customer: dict | None, order: dict | None, agent: str, text: str) -> dict:
    """Everything a template may use: customer.*, case.*, order.* (when one is named),
    agent, and text (the agent's own words)."""
    return {
        "customer": customer or {"name": case["sender_name"]},
        "case": case,
        "order": order,
        "agent": agent,
        "text": text,
    }


def render(body: str, filled: dict) -> str:
    try:
        return compiled(body).render(filled).strip()
    except UndefinedError as err:
        raise InvalidInput(
            f"the template uses a value this case does not have: {err.message}", {"template_id": err.message}
        ) from None
    except SecurityError:
        raise InvalidInput(
            "the template reaches for something it may not", {"template_id": "not allowed"}
        ) from None

"""What the audit trail says when staff change how cases are answered, routed and timed
(K4–K8): a reply template, a routing rule or the routing weights, an SLA policy or a
business calendar, an FAQ answer. Each change is one act, `<what>_changed`, with the
operation (created, updated, deleted) and each field's old and new value, written in the
same transaction as the change (crm_common/audit.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import changes, record_act
from services.case.models import Calendar, FaqEntry, OutboxMessage, ReplyTemplate, RoutingRule, SlaPolicy

REPLY_TEMPLATE = "reply_template_changed"
ROUTING_RULE = "routing_rule_changed"
SLA_POLICY = "sla_policy_changed"
BUSINESS_HOURS = "business_hours_changed"
FAQ = "faq_changed"

FIELDS: dict[type, tuple[str, ...]] = {
    ReplyTemplate: ("name", "language", "category", "body"),
    RoutingRule: ("name", "weight", "active", "conditions", "queue", "agent", "skills"),
    SlaPolicy: (
        "name",
        "tiers",
        "priorities",
        "rank",
        "calendar_id",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "escalations",
    ),
    Calendar: ("name", "timezone", "country", "hours", "closed_days"),
    FaqEntry: (
        "question",
        "answer",
        "language",
        "industry",
        "product",
        "problem",
        "published",
        "source_case_id",
    ),
}


def snapshot(row: Any) -> dict[str, Any]:
    """The audited fields of a row as they are now (all None for no row: before a
    creation, after a deletion). Lists and dicts are copied: a later change in place
    must not change what was read."""
    fields = FIELDS[type(row)]
    return {field: _copy(getattr(row, field)) for field in fields}


def gone(kind: type) -> dict[str, Any]:
    """The fields of a row of `kind` that is not (yet, or any more) there."""
    return dict.fromkeys(FIELDS[kind])


def record_change(
    session: Session,
    actor: Acting,
    action: str,
    target: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> str | None:
    """The act `action` on `target` going from `before` to `after`; None (nothing
    recorded) when no field changed."""
    found = changes(before, after)
    if not found:
        return None
    was = any(v is not None for v in before.values())
    now = any(v is not None for v in after.values())
    operation = "created" if not was else "deleted" if not now else "updated"
    return record_act(
        session,
        OutboxMessage,
        actor,
        action,
        target=target,
        details={"operation": operation, "changes": found},
    )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value

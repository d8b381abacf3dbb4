"""A customer's change history as the desk shows it to any staff member: who changed what
of the customer's details and contact persons, and when (from the audit trail).

Why not GET /api/audit: the whole trail is an admin's (it holds logins, IP addresses,
money terms and every customer). An agent who serves a customer may see who changed that
customer's details, so this reads only those acts of that customer, without the client's
address, a page at a time.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.audit import MAX_LIMIT, decode_cursor, encode_cursor
from gateway.models import AuditEntry

# Acts on the customer's record and on their employments (the latter are recorded on
# both the person and the organisation, each naming the other as the target).
ACTS = (
    "customer_created",
    "customer_updated",
    "customers_merged",
    "customer_erased",
    "contact_person_linked",
    "employment_ended",
)


class CustomerChangeOut(Schema):
    """One change to a customer's details or contact persons, as staff see it."""

    id = fields.Int()
    at = fields.DateTime()
    actor = fields.Str(allow_none=True, metadata={"description": "who changed it; null for the system"})
    action = fields.Str(metadata={"description": "e.g. customer_updated, employment_ended"})
    customer_id = fields.Int()
    target = fields.Str(allow_none=True, metadata={"description": "the other side of an employment"})
    changes = fields.List(fields.Dict(), metadata={"description": "[{field, old, new}]"})


class CustomerChangesPageOut(Schema):
    items = fields.List(fields.Nested(CustomerChangeOut))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for the next page"})


def changes(session: Session, customer_id: int, cursor: str | None, limit: int) -> dict[str, Any]:
    """{"items": [{id, at, actor, action, target, changes}], "next_cursor"}, newest first."""
    limit = max(1, min(limit, MAX_LIMIT))
    query = (
        select(AuditEntry)
        .where(AuditEntry.customer_id == customer_id, AuditEntry.action.in_(ACTS))
        .order_by(AuditEntry.id.desc())
    )
    if cursor:
        query = query.where(AuditEntry.id < decode_cursor(cursor))
    rows = list(session.scalars(query.limit(limit + 1)))
    shown = rows[:limit]
    return {
        "items": [_item(e) for e in shown],
        "next_cursor": encode_cursor(shown[-1].id) if len(rows) > limit else None,
    }


def _item(entry: AuditEntry) -> dict[str, Any]:
    found = (entry.details or {}).get("changes")
    return {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "customer_id": entry.customer_id,
        "target": entry.target,
        "changes": found if isinstance(found, list) else [],
    }

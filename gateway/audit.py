"""The audit trail: who did what, when, and to which customer (G-wide, issue "Trust").

Why here: the gateway is where a person is known. Acts the gateway performs itself
(logins, accounts, exports, views of a national id) are written with `record` in the same
transaction as the act where there is one. Acts that happen inside a service (a field of a
customer changed, a merge, a credit limit) are recorded there, in the service's outbox, as
an `act_recorded` event, and land here through `record_event`, once per event.

The table is append-only: the database refuses to change or delete a row, except that an
erasure (`erase_customer`) blanks the personal values of that customer's entries once.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import InvalidInput
from gateway.auth import Principal
from gateway.models import AuditEntry

MAX_LIMIT = 500
ERASED = "[erased]"


def record(
    session: Session,
    actor: Principal | str | None,
    action: str,
    *,
    customer_id: int | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    address: str | None = None,
    role: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry in the session's transaction. `actor` is who acted (a principal, a
    username, or None for the system); `address` the client's IP address."""
    username: str | None
    if isinstance(actor, Principal):
        username, role = actor.username, actor.role
        own = actor.customer_id if actor.customer_id is not None else customer_id
    else:
        username, own = actor, customer_id
    entry = AuditEntry(
        at=at or utcnow(),
        actor=actor_name(username, role, own),
        actor_role=role,
        action=action,
        customer_id=customer_id,
        target=target,
        details=details or {},
        address=(address or None) and address[:64],
        source="gateway",
    )
    session.add(entry)
    session.flush()
    return entry


def actor_name(username: str | None, role: str | None, customer_id: int | None) -> str | None:
    """Who the trail names as the actor. A portal customer's username is their e-mail
    address, and the actor is the one column an erasure cannot blank (the table is
    append-only): a customer (`role` "customer") is named by their customer number,
    `customer-42`, as a login by link without a password already is. Staff keep their
    usernames."""
    if role == "customer" and customer_id is not None and username is not None:
        return f"customer-{customer_id}"
    return username


def record_event(session: Session, source: str, payload: dict[str, Any]) -> bool:
    """Store a service's `act_recorded` event; False when it was stored before (the event
    id is unique, so a redelivery adds nothing)."""
    if session.scalar(select(AuditEntry.id).where(AuditEntry.source_event_id == payload["event_id"])):
        return False
    data = payload["data"]
    details = data.get("details") or {}
    # An act about a person erased before it arrived (events are not ordered) is stored
    # already blanked: the erasure has passed and will not come back for it.
    erased = data["action"] != "customer_erased" and _erased(session, data.get("customer_id"))
    entry = AuditEntry(
        at=datetime.fromisoformat(payload["occurred_at"]),
        actor=data.get("actor"),
        actor_role=data.get("actor_role"),
        action=data["action"],
        customer_id=data.get("customer_id"),
        target=data.get("target"),
        details=_blank(details) if erased else details,
        source=source,
        source_event_id=payload["event_id"],
        erased_at=utcnow() if erased else None,
    )
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:  # the same event, stored by a concurrent delivery
        return False
    return True


def _erased(session: Session, customer_id: int | None) -> bool:
    if customer_id is None:
        return False
    return (
        session.scalar(
            select(AuditEntry.id)
            .where(AuditEntry.customer_id == customer_id, AuditEntry.action == "customer_erased")
            .limit(1)
        )
        is not None
    )


def erase_customer(session: Session, customer_id: int) -> int:
    """Blank the personal values in a customer's entries (the acts stay: who, what, when);
    the number of entries changed."""
    changed = 0
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.customer_id == customer_id, AuditEntry.erased_at.is_(None))
    ):
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.id == entry.id)
            .values(details=_blank(entry.details), address=None, erased_at=utcnow())
        )
        changed += 1
    return changed


def _blank(details: dict[str, Any]) -> dict[str, Any]:
    """Field names and the shape stay; every value a person could be found by goes."""
    out: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if key == "changes" and isinstance(value, list):
            out[key] = [
                {"field": c.get("field"), "old": ERASED, "new": ERASED} for c in value if isinstance(c, dict)
            ]
        elif key == "fields" and isinstance(value, list):
            out[key] = value
        else:
            out[key] = ERASED
    return out


def entries(
    session: Session,
    *,
    customer_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    """The newest entries first, a page at a time: {"items": [...], "next_cursor": str|None}.
    The cursor is opaque to callers (the last id seen)."""
    limit = max(1, min(limit, MAX_LIMIT))
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if customer_id is not None:
        query = query.where(AuditEntry.customer_id == customer_id)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if cursor:
        query = query.where(AuditEntry.id < decode_cursor(cursor))
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_dump(r) for r in rows],
        "next_cursor": encode_cursor(rows[-1].id) if more else None,
    }


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"before": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        before = json.loads(raw)["before"]
        if not isinstance(before, int) or isinstance(before, bool) or not 0 < before < 2**31:
            raise ValueError
        return before
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("the cursor is not one this list gave", {"cursor": "unknown cursor"}) from None


def _dump(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "customer_id": entry.customer_id,
        "target": entry.target,
        "details": entry.details,
        "address": entry.address,
        "source": entry.source,
        "erased": entry.erased_at is not None,
    }

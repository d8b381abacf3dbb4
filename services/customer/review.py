"""The review queue (C5): a registration from outside that looks like a duplicate, or
whose address is blocked or doubtful, waits here instead of entering the register.

An agent approves it as new, merges it into an existing customer, or rejects it; whatever
waited on it (a web order) hears `review_decided` and continues or is cancelled.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, NotFound
from services.customer.address_warnings import AddressWarning
from services.customer.matching import Match
from services.customer.models import ReviewItem

HOLD_VERDICTS = ("duplicate", "review")


def needs_review(matches: list[Match], warnings: list[AddressWarning]) -> bool:
    return bool(warnings) or any(m["verdict"] in HOLD_VERDICTS for m in matches)


def enqueue(
    session: Session,
    data: dict[str, Any],
    source: str,
    reference: str | None,
    matches: list[Match],
    warnings: list[AddressWarning],
    submitted_by: str,
) -> ReviewItem:
    item = ReviewItem(
        status="pending",
        source=source,
        reference=reference,
        data=data,
        matches=matches,
        warnings=warnings,
        submitted_by=submitted_by,
        created_at=utcnow(),
    )
    session.add(item)
    session.flush()
    return item


def pending(session: Session, limit: int = 100) -> list[ReviewItem]:
    return list(
        session.scalars(
            select(ReviewItem)
            .where(ReviewItem.status == "pending")
            .order_by(ReviewItem.created_at, ReviewItem.id)
            .limit(limit)
        )
    )


def get_item(session: Session, review_id: int, for_update: bool = False) -> ReviewItem:
    query = select(ReviewItem).where(ReviewItem.id == review_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    item = session.scalar(query)
    if item is None:
        raise NotFound(f"review item {review_id} does not exist", {"review_id": "not found"})
    return item


def ensure_pending(item: ReviewItem) -> None:
    if item.status != "pending":
        raise Conflict(f"review item {item.id} was already decided ({item.status})", {"status": item.status})


def decide(
    session: Session, item: ReviewItem, status: str, by: str, customer_id: int | None, note: str | None
) -> ReviewItem:
    ensure_pending(item)
    item.status, item.decided_by, item.decided_at = status, by, utcnow()
    item.customer_id, item.note = customer_id, note
    session.flush()
    return item

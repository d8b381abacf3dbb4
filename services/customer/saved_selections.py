"""Saved, named selections (C10): re-runnable, their size shown before use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, NotFound
from services.customer import selections
from services.customer.models import Customer, Selection


def save(
    session: Session, name: str, criteria: dict[str, Any], by: str, region: str, now: datetime
) -> Selection:
    valid = selections.validate(criteria)
    if session.scalar(select(func.count()).where(Selection.name == name)):
        raise Conflict(f"a selection named {name!r} exists", {"name": "taken"})
    saved = Selection(name=name, criteria=valid, created_by=by, created_at=now)
    session.add(saved)
    session.flush()
    run(session, saved, region, now)
    return saved


def get(session: Session, selection_id: int) -> Selection:
    found = session.get(Selection, selection_id)
    if found is None:
        raise NotFound(f"selection {selection_id} does not exist", {"selection_id": "not found"})
    return found


def run(session: Session, saved: Selection, region: str, now: datetime) -> int:
    saved.last_size = selections.size(session, saved.criteria, region, now)
    saved.last_run_at = now
    return saved.last_size


def rerun(session: Session, selection_id: int, region: str, now: datetime) -> Selection:
    """Run the saved selection again; it keeps its size now. Raises NotFound."""
    saved = get(session, selection_id)
    run(session, saved, region, now)
    return saved


def preview(session: Session, criteria: dict[str, Any], region: str, now: datetime) -> int:
    """How many customers `criteria` find, without saving them. Raises InvalidInput
    naming the criterion's path."""
    return selections.size(session, selections.validate(criteria), region, now)


def listed(session: Session, limit: int = 100, after: str = "") -> list[Selection]:
    """By name, a page at a time: the last name of a page is the next one's `after`
    (names are unique, so none is skipped or repeated)."""
    query = select(Selection).where(Selection.name > after).order_by(Selection.name).limit(limit)
    return list(session.scalars(query))


def members_page(
    session: Session, selection_id: int, region: str, now: datetime, limit: int, after_id: int
) -> list[Customer]:
    """The customers the saved selection finds, by id, after `after_id`."""
    saved = get(session, selection_id)
    return selections.members(session, saved.criteria, region, now, limit, after_id)

"""Rows that wait for a moment (SLA timers, reminders): which are due, and claiming one so
it fires once. Each such table has `fired_at` and `cancelled`; the claim is a
conditional UPDATE, so two instances of the service never both fire a row."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from crm_common.dml import rows_changed
from services.case.models import Reminder, SlaTimer

_Waiting = TypeVar("_Waiting", SlaTimer, Reminder)


def due(
    session: Session,
    model: type[_Waiting],
    moment_column: InstrumentedAttribute[datetime],
    now: datetime,
    limit: int,
) -> list[_Waiting]:
    return list(
        session.scalars(
            select(model)
            .where(model.fired_at.is_(None), ~model.cancelled, moment_column <= now)
            .order_by(moment_column, model.id)
            .limit(limit)
        )
    )


def claim(session: Session, model: type[SlaTimer | Reminder], row_id: int, now: datetime) -> bool:
    statement = (
        update(model)
        .where(model.id == row_id, model.fired_at.is_(None), ~model.cancelled)
        .values(fired_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(session, statement) == 1

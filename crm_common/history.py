"""A customer's history in any service: its rows for one customer, newest first.

Every service keeps something per customer (orders, cases, calls, messages, notes) that
the 360° view lists the same way. Each such table indexes customer_id, so this reads
only that customer's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import ExecutableOption

from crm_common.dml import rows_changed


def newest_first(
    session: Session,
    model: type[Any],
    customer_id: int,
    limit: int,
    at: str = "created_at",
    options: Sequence[ExecutableOption] = (),
) -> list[Any]:
    when = getattr(model, at)
    return list(
        session.scalars(
            select(model)
            .where(model.customer_id == customer_id)
            .order_by(when.desc(), model.id.desc())
            .limit(limit)
            .options(*options)
        )
    )


def repoint(session: Session, model: type[Any], merged_id: int, survivor_id: int) -> int:
    """After a customer merge: the merged customer's rows now belong to the survivor.
    Returns how many rows moved."""
    return rows_changed(
        session, update(model).where(model.customer_id == merged_id).values(customer_id=survivor_id)
    )

"""A holding (C1): an organisation's parent organisation and its subsidiaries, the ones
whose `parent_id` names it. The parent is set by a change of the customer (register.py);
this module only reads the tree, one level up and one level down."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.customer.merging import resolve
from services.customer.models import Customer


def holding(session: Session, customer_id: int, after: int | None, limit: int) -> dict[str, Any]:
    """{"parent": {id, name} | None, "subsidiaries": [{id, name}], "next_cursor": id | None}:
    the subsidiaries by number, `limit` at a time after the number `after`. Raises
    NotFound."""
    customer = resolve(session, customer_id)
    parent = session.get(Customer, customer.parent_id) if customer.parent_id else None
    query = (
        select(Customer)
        .where(Customer.parent_id == customer.id, Customer.merged_into_id.is_(None))
        .order_by(Customer.id)
        .limit(limit + 1)
    )
    if after is not None:
        query = query.where(Customer.id > after)
    rows = list(session.scalars(query))
    shown = rows[:limit]
    return {
        "parent": _ref(parent) if parent is not None else None,
        "subsidiaries": [_ref(c) for c in shown],
        "next_cursor": str(shown[-1].id) if len(rows) > limit else None,
    }


def _ref(customer: Customer) -> dict[str, Any]:
    return {"id": customer.id, "name": customer.name}

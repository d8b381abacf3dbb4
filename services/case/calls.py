"""Call registration (K9): every call gets a type, even when nothing is ordered, so a
supervisor can count them per type, per agent and per external agency."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import SQLColumnExpression, func, select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, InvalidInput
from crm_common.months import bounds, month_of, period
from services.case.models import CallRegistration, CallType, Case

BY = ("type", "agent", "agency")


def add_type(session: Session, name: str) -> CallType:
    if session.scalar(select(func.count()).where(CallType.name == name)):
        raise Conflict(f"the call type {name!r} exists", {"name": "taken"})
    call_type = CallType(name=name, active=True)
    session.add(call_type)
    session.flush()
    return call_type


def types(session: Session) -> list[CallType]:
    return list(session.scalars(select(CallType).where(CallType.active).order_by(CallType.name)))


def register(session: Session, data: dict[str, Any], agent: str, now: datetime) -> CallRegistration:
    if not session.scalar(select(func.count()).where(CallType.name == data["call_type"], CallType.active)):
        raise InvalidInput("no such call type", {"call_type": "not a call type"})
    if data.get("case_id") is not None and session.get(Case, data["case_id"]) is None:
        raise InvalidInput("no such case", {"case_id": "not found"})
    if data.get("call_id") is not None and session.scalar(
        select(func.count()).where(CallRegistration.call_id == data["call_id"])
    ):
        raise Conflict("this call is registered already", {"call_id": "registered"})
    registration = CallRegistration(**data, agent=agent, registered_at=now)
    session.add(registration)
    session.flush()
    return registration


def counts_in(session: Session, months: dict[str, Any], by: str) -> list[dict[str, Any]]:
    """Calls per month and type in the period `months` (PeriodIn); `by` agent or agency
    adds that (CallCountOut list). Raises InvalidInput."""
    if by not in BY:
        raise InvalidInput("by is type, agent or agency", {"by": "type, agent or agency"})
    first, last = period(months)
    return counts(session, first, last, by)


def counts(session: Session, first: date, last: date, by: str) -> list[dict[str, Any]]:
    """Calls per month and type, and per agent or agency when asked (commission basis)."""
    start, end = bounds(first, last)
    month = month_of(session, CallRegistration.registered_at).label("month")
    keys: list[SQLColumnExpression[object]] = [month, CallRegistration.call_type]
    if by == "agent":
        keys.append(CallRegistration.agent)
    elif by == "agency":
        keys.append(CallRegistration.agency)
    rows = session.execute(
        select(
            *keys, func.count(), func.count(CallRegistration.order_id), func.count(CallRegistration.case_id)
        )
        .where(CallRegistration.registered_at >= start, CallRegistration.registered_at < end)
        .group_by(*keys)
        .order_by(*keys)
    )
    out = []
    for row in rows:
        item = {"month": row[0], "call_type": row[1]}
        if by in ("agent", "agency"):
            item[by] = row[2]
        item.update(calls=row[-3], with_order=row[-2], with_case=row[-1])
        out.append(item)
    return out

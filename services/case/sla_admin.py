"""Keeping the service levels (K5): business calendars and SLA policies."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, InvalidInput
from services.case.business_hours import parse_hours
from services.case.models import Calendar, SlaPolicy


def create_calendar(session: Session, data: dict) -> Calendar:
    try:
        parse_hours(data["hours"])
    except ValueError as err:
        raise InvalidInput("the opening hours are not valid", {"hours": str(err)}) from None
    if session.scalar(select(func.count()).where(Calendar.name == data["name"])):
        raise Conflict(f"a calendar named {data['name']!r} exists", {"name": "taken"})
    calendar = Calendar(
        name=data["name"],
        timezone=data["timezone"],
        country=(data.get("country") or "").upper() or None,
        hours=data["hours"],
        closed_days=[d.isoformat() for d in data.get("closed_days", [])],
    )
    session.add(calendar)
    session.flush()
    return calendar


def calendars(session: Session) -> list[Calendar]:
    return list(session.scalars(select(Calendar).order_by(Calendar.name)))


def create_policy(session: Session, data: dict) -> SlaPolicy:
    if session.get(Calendar, data["calendar_id"]) is None:
        raise InvalidInput("no such calendar", {"calendar_id": "not found"})
    if session.scalar(select(func.count()).where(SlaPolicy.name == data["name"])):
        raise Conflict(f"an SLA policy named {data['name']!r} exists", {"name": "taken"})
    policy = SlaPolicy(**data)
    session.add(policy)
    session.flush()
    return policy


def policies(session: Session) -> list[SlaPolicy]:
    return list(session.scalars(select(SlaPolicy).order_by(SlaPolicy.rank, SlaPolicy.id)))

"""Keeping the service levels (K5): business calendars and SLA policies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.acting import SYSTEM, Acting
from crm_common.errors import Conflict, InvalidInput
from services.case import audit_trail
from services.case.business_hours import parse_hours
from services.case.models import Calendar, SlaPolicy


def create_calendar(session: Session, data: dict[str, Any], *, actor: Acting = SYSTEM) -> Calendar:
    """Business hours with a country's holidays (CalendarIn, valid), on the audit trail
    as `actor`'s `business_hours_changed`. Raises InvalidInput (hours), Conflict (name)."""
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
    audit_trail.record_change(
        session,
        actor,
        audit_trail.BUSINESS_HOURS,
        f"calendar {calendar.id}",
        audit_trail.gone(Calendar),
        audit_trail.snapshot(calendar),
    )
    return calendar


def calendars(session: Session) -> list[Calendar]:
    return list(session.scalars(select(Calendar).order_by(Calendar.name)))


def create_policy(session: Session, data: dict[str, Any], *, actor: Acting = SYSTEM) -> SlaPolicy:
    """An SLA policy (SlaPolicyIn, valid), on the audit trail as `actor`'s
    `sla_policy_changed`. Raises InvalidInput (no such calendar), Conflict (name)."""
    if session.get(Calendar, data["calendar_id"]) is None:
        raise InvalidInput("no such calendar", {"calendar_id": "not found"})
    if session.scalar(select(func.count()).where(SlaPolicy.name == data["name"])):
        raise Conflict(f"an SLA policy named {data['name']!r} exists", {"name": "taken"})
    policy = SlaPolicy(**data)
    session.add(policy)
    session.flush()
    audit_trail.record_change(
        session,
        actor,
        audit_trail.SLA_POLICY,
        f"SLA policy {policy.id}",
        audit_trail.gone(SlaPolicy),
        audit_trail.snapshot(policy),
    )
    return policy


def policies(session: Session) -> list[SlaPolicy]:
    return list(session.scalars(select(SlaPolicy).order_by(SlaPolicy.rank, SlaPolicy.id)))

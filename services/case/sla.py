"""Service levels (K5): when a case must be answered and solved, and what happens as the
moment comes near.

A policy (the customer's contract's, or else chosen by the customer's tier and the case's
priority) gives first-response,
next-response and resolution targets in business minutes of its calendar. Each target
gets timers in the database, one per escalation step plus one at the breach itself, so
a restart loses nothing and the service's timer fires each once. Waiting for the
customer (status `pending`) pauses the clock: the timers are cancelled, and on resume
every unmet target gets back exactly the business time it had left.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from services.case import timers
from services.case.business_hours import BusinessCalendar
from services.case.models import Case, Document, SlaPolicy, SlaTimer

TARGETS = ("first_response", "next_response", "resolution")
BREACH = -1  # the step number of the timer at the breach itself


_FITS = select(SlaPolicy.id, SlaPolicy.tiers, SlaPolicy.priorities).order_by(SlaPolicy.rank, SlaPolicy.id)


def policy_for(
    session: Session,
    tier: str | None,
    priority: str,
    customer_id: int | None = None,
    today: date | None = None,
) -> SlaPolicy | None:
    """The SLA of the customer's running contract, if one names it; otherwise the first
    policy by rank whose tiers and priorities fit (an empty list fits all)."""
    if customer_id is not None:
        today = today or datetime.now(timezone.utc).date()
        contracted = session.scalar(
            select(Document.sla_policy_id)
            .where(
                Document.customer_id == customer_id,
                Document.kind == "contract",
                Document.sla_policy_id.is_not(None),
                or_(Document.valid_from.is_(None), Document.valid_from <= today),
                or_(Document.expires_on.is_(None), Document.expires_on >= today),
            )
            .order_by(Document.id.desc())
            .limit(1)
        )
        if contracted is not None:
            return session.get(SlaPolicy, contracted)
    for policy_id, tiers, priorities in session.connection().execute(_FITS):
        if (not tiers or tier in tiers) and (not priorities or priority in priorities):
            return session.get(SlaPolicy, policy_id)
    return None


def calendar_of(policy: SlaPolicy) -> BusinessCalendar:
    return BusinessCalendar.of(policy.calendar)


def start(session: Session, case: Case, now: datetime) -> None:
    """Set the case's targets from the policy that fits it (none: no SLA)."""
    policy = policy_for(session, case.tier, case.priority, case.customer_id, now.date())
    if policy is None:
        return
    case.sla_policy_id = policy.id
    calendar = calendar_of(policy)
    case.first_response_due = calendar.add(now, policy.first_response_minutes)
    case.resolution_due = calendar.add(now, policy.resolution_minutes)
    _schedule(session, case, policy, calendar, "first_response", now, policy.first_response_minutes)
    _schedule(session, case, policy, calendar, "resolution", now, policy.resolution_minutes)


def responded(session: Session, case: Case, now: datetime) -> None:
    """An agent answered the customer (a public reply)."""
    if case.first_response_at is None:
        case.first_response_at = now
        _met(session, case, "first_response", case.first_response_due, now)
    if case.next_response_due is not None:
        _met(session, case, "next_response", case.next_response_due, now)
        case.next_response_due = None
    case.awaiting_response_since = None


def customer_wrote(session: Session, case: Case, now: datetime) -> None:
    """The customer wrote again: after a first response, a next response is owed."""
    if case.awaiting_response_since is None:
        case.awaiting_response_since = now
    policy = _policy(session, case)
    if (
        policy is None
        or case.first_response_at is None
        or not policy.next_response_minutes
        or case.next_response_due is not None
    ):
        return
    calendar = calendar_of(policy)
    case.next_response_due = calendar.add(now, policy.next_response_minutes)
    _schedule(session, case, policy, calendar, "next_response", now, policy.next_response_minutes)


def pause(session: Session, case: Case, now: datetime) -> None:
    """Waiting for the customer: the clock stops."""
    if case.sla_policy_id is None or case.paused_at is not None:
        return
    case.paused_at = now
    _cancel(session, case.id, TARGETS)


def resume(session: Session, case: Case, now: datetime) -> None:
    """The clock runs again; every unmet target keeps the business time it had left."""
    if case.paused_at is None:
        return
    paused_at, case.paused_at = case.paused_at, None
    policy = _policy(session, case)
    if policy is None:
        return
    calendar = calendar_of(policy)
    for target in _open_targets(case):
        due = getattr(case, f"{target}_due")
        left = calendar.minutes_between(paused_at, due)
        setattr(case, f"{target}_due", calendar.add(now, left))
        _schedule(session, case, policy, calendar, target, now, left)


def stop(session: Session, case: Case, now: datetime) -> None:
    """Solved or closed: the resolution target is met or broken now, nothing more fires."""
    if case.sla_policy_id is not None and case.paused_at is None:
        _met(session, case, "resolution", case.resolution_due, now)
    case.paused_at = None
    _cancel(session, case.id, TARGETS)


def due(session: Session, now: datetime, limit: int = 100) -> list[SlaTimer]:
    return timers.due(session, SlaTimer, SlaTimer.fire_at, now, limit)


def claim(session: Session, timer: SlaTimer, now: datetime) -> bool:
    """Fire the timer here and nowhere else (another instance may have seen it too)."""
    return timers.claim(session, SlaTimer, timer.id, now)


def step_of(policy: SlaPolicy, timer: SlaTimer) -> dict[str, Any]:
    if timer.step == BREACH:
        return {"target": timer.target, "minutes_before": 0, "actions": []}
    return policy.escalations[timer.step]


def mark_breached(case: Case, target: str) -> bool:
    if target in case.breaches:
        return False
    case.breaches = [*case.breaches, target]
    return True


def _policy(session: Session, case: Case) -> SlaPolicy | None:
    return session.get(SlaPolicy, case.sla_policy_id) if case.sla_policy_id else None


def _open_targets(case: Case) -> list[str]:
    targets = []
    if case.first_response_at is None and case.first_response_due is not None:
        targets.append("first_response")
    if case.next_response_due is not None:
        targets.append("next_response")
    if case.resolution_due is not None and case.solved_at is None:
        targets.append("resolution")
    return targets


def _schedule(
    session: Session,
    case: Case,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    target: str,
    start_at: datetime,
    minutes: float,
) -> None:
    """Timers for the target's steps that have not fired yet, and for its breach, with
    `minutes` of business time left from `start_at`."""
    fired = set(
        session.scalars(
            select(SlaTimer.step).where(
                SlaTimer.case_id == case.id, SlaTimer.target == target, SlaTimer.fired_at.is_not(None)
            )
        )
    )
    steps = [(i, s) for i, s in enumerate(policy.escalations) if s["target"] == target]
    steps.append((BREACH, {"minutes_before": 0}))
    for number, step in steps:
        if number in fired:
            continue
        at_minute = max(0.0, minutes - step["minutes_before"])
        session.add(
            SlaTimer(
                case_id=case.id,
                target=target,
                step=number,
                fire_at=calendar.add(start_at, at_minute),
                cancelled=False,
            )
        )


def _cancel(session: Session, case_id: int, targets: Iterable[str]) -> None:
    session.execute(
        update(SlaTimer)
        .where(SlaTimer.case_id == case_id, SlaTimer.target.in_(targets), SlaTimer.fired_at.is_(None))
        .values(cancelled=True)
        .execution_options(synchronize_session=False)
    )


def _met(session: Session, case: Case, target: str, due_at: datetime | None, now: datetime) -> None:
    """The target is done with: late means breached; its timers stop."""
    if due_at is not None and now > due_at:
        mark_breached(case, target)
    _cancel(session, case.id, (target,))

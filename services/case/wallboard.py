"""What the supervisors' wallboard shows of cases (K4, K5): how many wait in each queue
and since when, which cases are near or past an SLA target, and every agent's presence
and load. Read in one go; the gateway adds the calls."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.case.assigning import ACTIVE
from services.case.models import Agent, Case

AT_RISK = timedelta(hours=1)  # a target due sooner than this is at risk
SLA_ROWS = 50  # the wallboard shows the most pressing cases, not all of them
AGENT_ROWS = 500


def queues(session: Session) -> list[dict[str, Any]]:
    """Each queue's cases waiting for an agent and the oldest wait's start; `queue` null
    for cases no rule sent anywhere."""
    rows = session.execute(
        select(Case.queue, func.count(), func.min(Case.created_at))
        .where(Case.status.in_(ACTIVE), Case.assignee.is_(None))
        .group_by(Case.queue)
        .order_by(func.min(Case.created_at))
    )
    return [{"queue": queue, "waiting": count, "oldest_since": oldest} for queue, count, oldest in rows]


def next_due(case: Case) -> tuple[str, datetime] | None:
    """The case's SLA target that falls due first, of those not met yet."""
    targets = []
    if case.first_response_at is None and case.first_response_due is not None:
        targets.append(("first_response", case.first_response_due))
    if case.next_response_due is not None:
        targets.append(("next_response", case.next_response_due))
    if case.solved_at is None and case.resolution_due is not None:
        targets.append(("resolution", case.resolution_due))
    return min(targets, key=lambda t: t[1]) if targets else None


def watch(case: Case, now: datetime) -> dict[str, Any] | None:
    """The case as the wallboard lists it when its next target is past (breached) or due
    within AT_RISK; None while it is on time."""
    due = next_due(case)
    if due is None or due[1] - now > AT_RISK:
        return None
    return {
        "id": case.id,
        "number": case.number,
        "subject": case.subject,
        "priority": case.priority,
        "queue": case.queue,
        "assignee": case.assignee,
        "target": due[0],
        "due": due[1],
        "state": "breached" if due[1] <= now else "at_risk",
    }


def sla_watch(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Open cases breached or at risk, soonest due first. A case waiting for the customer
    is paused: its clock does not run."""
    soon = now + AT_RISK
    candidates = session.scalars(
        select(Case)
        .where(
            Case.status.in_(ACTIVE),
            Case.paused_at.is_(None),
            (Case.first_response_at.is_(None) & (Case.first_response_due <= soon))
            | (Case.next_response_due <= soon)
            | (Case.solved_at.is_(None) & (Case.resolution_due <= soon)),
        )
        .order_by(Case.created_at, Case.id)
        .limit(SLA_ROWS * 4)
    )
    rows = [w for w in (watch(c, now) for c in candidates) if w is not None]
    rows.sort(key=lambda w: w["due"])
    return rows[:SLA_ROWS]


def agents(session: Session) -> list[Agent]:
    return list(session.scalars(select(Agent).order_by(Agent.username).limit(AGENT_ROWS)))


def board(session: Session, now: datetime) -> dict[str, Any]:
    return {"queues": queues(session), "sla": sla_watch(session, now), "agents": agents(session)}

"""Putting cases with agents and taking them away again (K4): routing a case, a
supervisor's own choice, an agent going away, and waiting cases picked up when someone
is free. Every assignment is a row that says why."""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime

from sqlalchemy import case as when
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from services.case import journal, routing
from services.case.models import Agent, Assignment, Case, OutboxMessage

ACTIVE = ("open", "pending")
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def route_case(
    session: Session,
    case: Case,
    now: datetime,
    *,
    exclude: Container[str] = (),
    queue: str | None = None,
    by: str = "routing",
) -> Assignment:
    """Send the case where the rules say, to the best agent free now; without one it
    waits in its queue. `queue` overrides the rules' queue (an escalation's reassign)."""
    held = routing.routing_set(session)
    keys = routing.CaseKeys.of(case)
    decision = routing.decide(held.rules, keys)
    if queue is not None:
        decision.queue, decision.agent = queue, None
    chosen, score, parts = None, None, None
    if decision.agent and decision.agent not in exclude and routing.take(session, decision.agent, now):
        chosen = decision.agent
    else:
        ranked, median = routing.rank(
            routing.candidates(session, held), decision, keys, held.weights, exclude
        )
        # the best may have filled up since the read: the next in line then
        taken = next((r for r in ranked if routing.take(session, r[1].username, now)), None)
        if taken is not None:
            score, candidate = taken
            chosen = candidate.username
            parts = routing.parts(candidate, list(decision.skills.items()), keys, median)
    _release(session, case)
    case.queue, case.assignee = decision.queue, chosen
    return _record(session, case, routing.explain(decision, score, parts, chosen), by, now, decision)


def reroute(session: Session, case: Case, by: str, now: datetime) -> Assignment:
    """Run an open or pending case through the routing rules again. Raises InvalidInput
    for a case solved or closed."""
    if case.status not in ACTIVE:
        raise InvalidInput(f"case {case.number} is {case.status}", {"status": case.status})
    return route_case(session, case, now, by=by)


def assign_to(session: Session, case: Case, username: str, by: str, now: datetime) -> Assignment:
    """A supervisor's choice: the agent must exist; capacity still holds."""
    if case.status not in ACTIVE:
        raise Conflict(f"case {case.number} is {case.status}", {"status": case.status})
    agent = session.get(Agent, username)
    if agent is None:
        raise InvalidInput("no such agent", {"agent": "not found"})
    if case.assignee == username:
        raise Conflict(f"case {case.number} is already {username}'s", {"agent": "already assigned"})
    if not routing.take(session, username, now):
        raise Conflict(
            f"{username} is {agent.presence} or has no room ({agent.open_cases}/{agent.capacity})",
            {"agent": "not available or at capacity"},
        )
    _release(session, case)
    case.assignee = username
    return _record(session, case, f"given to {username} by {by}", by, now)


def redistribute(session: Session, username: str, now: datetime) -> list[Assignment]:
    """The agent left: each of their open cases goes through routing again without them."""
    moved = []
    owned = session.scalars(
        select(Case).where(Case.assignee == username, Case.status.in_(ACTIVE)).order_by(Case.id)
    )
    for case in list(owned):
        moved.append(route_case(session, case, now, exclude=(username,), by=f"{username} left"))
    return moved


def pick_up_waiting(session: Session, now: datetime, limit: int = 50) -> list[Assignment]:
    """Waiting cases, most urgent and oldest first, for whoever is free now; stops at the
    first case nobody can take so one unroutable case does not cost a full scan."""
    ranked = when(PRIORITY_RANK, value=Case.priority, else_=9)
    waiting = session.scalars(
        select(Case)
        .where(Case.assignee.is_(None), Case.status.in_(ACTIVE))
        .order_by(ranked, Case.created_at, Case.id)
        .limit(limit)
    )
    done = []
    for case in list(waiting):
        assignment = route_case(session, case, now, by="agent free")
        if assignment.agent is None:
            break
        done.append(assignment)
    return done


def set_presence(
    session: Session, username: str, presence: str, now: datetime
) -> tuple[Agent, list[Assignment]]:
    """Available, away or offline. Leaving moves the agent's cases on; arriving picks up
    what waits. Saying again that one is away or offline changes nothing, so a logout and
    a closed desk that both report it hand the cases on once. A change is announced
    (`agent_presence_changed`) for the supervisors' wallboard."""
    agent = session.get(Agent, username, with_for_update=True)
    if agent is None:
        raise NotFound(f"agent {username} does not exist", {"username": "not found"})
    if presence == agent.presence and presence != "available":
        return agent, []
    changed = presence != agent.presence
    if changed:
        agent.presence, agent.presence_changed_at = presence, now
    session.flush()
    if presence == "available":
        moved = pick_up_waiting(session, now)
    else:
        moved = redistribute(session, username, now)
    if changed or moved:
        data = {"username": username, "presence": presence, "moved": len(moved)}
        record(session, OutboxMessage, "agent_presence_changed", data)
    return agent, moved


def _release(session: Session, case: Case) -> None:
    if case.assignee is not None:
        routing.give_back(session, case.assignee)
        case.assignee = None


def _record(
    session: Session,
    case: Case,
    reason: str,
    by: str,
    now: datetime,
    decision: routing.Decision | None = None,
) -> Assignment:
    assignment = Assignment(
        case_id=case.id,
        agent=case.assignee,
        queue=case.queue,
        rule_id=decision.rule.id if decision and decision.rule else None,
        reason=reason,
        assigned_by=by,
        created_at=now,
    )
    session.add(assignment)
    journal.add(session, case, "assignment", reason, by, now, flush=False)
    return assignment


def active_cases(session: Session, queue: str | None, assignee: str | None, limit: int) -> list[Case]:
    """Open and pending cases, most urgent and oldest first; of a queue, of an agent, or
    (neither given) every case waiting for an agent."""
    query = select(Case).where(Case.status.in_(ACTIVE))
    if queue is not None:
        query = query.where(Case.queue == queue)
    if assignee is not None:
        query = query.where(Case.assignee == assignee)
    if queue is None and assignee is None:
        query = query.where(Case.assignee.is_(None))
    ranked = when(PRIORITY_RANK, value=Case.priority, else_=9)
    return list(session.scalars(query.order_by(ranked, Case.created_at, Case.id).limit(limit)))


def history(session: Session, case_id: int) -> list[Assignment]:
    return list(
        session.scalars(select(Assignment).where(Assignment.case_id == case_id).order_by(Assignment.id))
    )

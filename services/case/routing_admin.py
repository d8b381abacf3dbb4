"""Keeping the routing set (K4): agents with their skills and capacity, the rules, and
the weights. Every change of rules or weights moves the set's version, so each process
re-reads it on its next routing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.acting import SYSTEM, Acting
from crm_common.errors import Conflict, InvalidInput, NotFound
from services.case import audit_trail, routing
from services.case.models import Agent, RoutingRule


def save_agent(session: Session, username: str, data: dict[str, Any], now: datetime) -> Agent:
    username = (username or "").strip()
    if not username or len(username) > 80:
        raise InvalidInput("a username of 1 to 80 characters", {"username": "missing or too long"})
    agent = session.get(Agent, username, with_for_update=True)
    if agent is None:
        agent = Agent(
            username=username, presence="offline", open_cases=0, solved_count=0, presence_changed_at=now
        )
        session.add(agent)
    elif data["capacity"] < agent.open_cases:
        raise Conflict(
            f"{username} has {agent.open_cases} open cases; capacity cannot go below that",
            {"capacity": f"below the {agent.open_cases} open cases"},
        )
    for key in ("name", "email", "mobile", "capacity", "skills", "languages", "regions", "queues"):
        setattr(agent, key, data[key])
    routing.bump_version(session)  # each process re-reads what agents can do
    session.flush()
    return agent


def agents(session: Session) -> list[Agent]:
    return list(session.scalars(select(Agent).order_by(Agent.username)))


def create_rule(session: Session, data: dict[str, Any], *, actor: Acting = SYSTEM) -> RoutingRule:
    """Add a rule (RuleIn, valid), written to the audit trail as `actor`'s
    `routing_rule_changed`. Raises Conflict (the name is taken)."""
    _name_free(session, data["name"])
    rule = RoutingRule(**data)
    session.add(rule)
    routing.bump_version(session)
    session.flush()
    _record(session, actor, rule.id, audit_trail.gone(RoutingRule), audit_trail.snapshot(rule))
    return rule


def update_rule(
    session: Session, rule_id: int, data: dict[str, Any], *, actor: Acting = SYSTEM
) -> RoutingRule:
    """Replace a rule (RuleIn, valid), old and new on the audit trail as `actor`'s act.
    Raises NotFound, Conflict (the new name is taken)."""
    rule = _rule(session, rule_id)
    before = audit_trail.snapshot(rule)
    if data["name"] != rule.name:
        _name_free(session, data["name"])
    for key, value in data.items():
        setattr(rule, key, value)
    routing.bump_version(session)
    session.flush()
    _record(session, actor, rule.id, before, audit_trail.snapshot(rule))
    return rule


def delete_rule(session: Session, rule_id: int, *, actor: Acting = SYSTEM) -> None:
    """Remove a rule, what it was on the audit trail as `actor`'s act. Raises NotFound."""
    rule = _rule(session, rule_id)
    before = audit_trail.snapshot(rule)
    session.delete(rule)
    routing.bump_version(session)
    _record(session, actor, rule_id, before, audit_trail.gone(RoutingRule))


def _record(
    session: Session, actor: Acting, rule_id: int, before: dict[str, Any], after: dict[str, Any]
) -> None:
    audit_trail.record_change(
        session, actor, audit_trail.ROUTING_RULE, f"routing rule {rule_id}", before, after
    )


def rules(session: Session) -> list[RoutingRule]:
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.weight.desc(), RoutingRule.id)))


def weights(session: Session) -> dict[str, float]:
    return {**routing.DEFAULT_WEIGHTS, **(routing.settings_row(session).weights or {})}


def set_weights(session: Session, changes: dict[str, float], *, actor: Acting = SYSTEM) -> dict[str, float]:
    """Change how much each key counts (WeightsIn, valid); returns all weights. The
    change is on the audit trail as `actor`'s `routing_rule_changed` ("routing weights")."""
    before = weights(session)
    row = routing.settings_row(session)
    row.weights = {**routing.DEFAULT_WEIGHTS, **(row.weights or {}), **changes}
    routing.bump_version(session)
    audit_trail.record_change(
        session, actor, audit_trail.ROUTING_RULE, "routing weights", before, dict(row.weights)
    )
    return dict(row.weights)


def _rule(session: Session, rule_id: int) -> RoutingRule:
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(f"routing rule {rule_id} does not exist", {"rule_id": "not found"})
    return rule


def _name_free(session: Session, name: str) -> None:
    if session.scalar(select(func.count()).where(RoutingRule.name == name)):
        raise Conflict(f"a rule named {name!r} exists", {"name": "taken"})

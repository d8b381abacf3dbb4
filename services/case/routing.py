"""Who gets a case (K4): the rule set picks the queue and the skills a case needs, then
the available agents are compared on weighted keys.

The rules and the weights are rows edited through the API. A rule holds when every
condition it names holds (keywords in subject or body, language, region, postcode
prefix, product group, channel, category, tier, priority); keywords match at the start of
a word, so `faktura` finds `fakturan` and `fakturor`. Among the rules that hold the
heaviest picks the queue (or a named agent), and the skills all of them ask for add up
(at the highest level asked). Agents who are available, below their capacity, serve
the queue and have every skill at the level asked are scored:

    skill surplus + language + region + efficiency − load (open cases / capacity)

each times its weight; ties go to whoever waited longest since their last case. The
load term is what keeps equally skilled agents within a case of each other.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.case.models import Agent, RoutingRule, RoutingSettings

DEFAULT_WEIGHTS = {"skill": 1.0, "language": 2.0, "region": 1.0, "efficiency": 1.0, "load": 4.0}
LIST_CONDITIONS = ("languages", "regions", "product_groups", "channels", "categories", "tiers", "priorities")
_CASE_KEY = {
    "languages": "language",
    "regions": "region",
    "product_groups": "product_group",
    "channels": "channel",
    "categories": "category",
    "tiers": "tier",
    "priorities": "priority",
}


@dataclass(frozen=True)
class CaseKeys:
    """What routing reads of a case."""

    text: str
    language: str | None = None
    region: str | None = None
    postcode: str | None = None
    product_group: str | None = None
    channel: str | None = None
    category: str | None = None
    tier: str | None = None
    priority: str | None = None

    @classmethod
    def of(cls, case) -> CaseKeys:
        return cls(
            text=f"{case.subject}\n{case.description}".lower(),
            language=case.language,
            region=case.region,
            postcode=(case.postcode or "").replace(" ", ""),
            product_group=case.product_group,
            channel=case.channel,
            category=case.category,
            tier=case.tier,
            priority=case.priority,
        )


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    weight: int
    conditions: dict
    queue: str | None
    agent: str | None
    skills: dict
    keywords: re.Pattern | None

    @classmethod
    def of(cls, row: RoutingRule) -> Rule:
        words = [w.strip().lower() for w in row.conditions.get("keywords", []) if w.strip()]
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")", re.UNICODE) if words else None
        return cls(row.id, row.name, row.weight, row.conditions, row.queue, row.agent, row.skills, pattern)

    def holds(self, keys: CaseKeys) -> bool:
        if self.keywords is not None and not self.keywords.search(keys.text):
            return False
        for name in LIST_CONDITIONS:
            wanted = self.conditions.get(name)
            if wanted and getattr(keys, _CASE_KEY[name]) not in wanted:
                return False
        prefixes = self.conditions.get("postcodes")
        if prefixes and not any((keys.postcode or "").startswith(p.replace(" ", "")) for p in prefixes):
            return False
        return True


@dataclass
class Decision:
    """What the rules say of one case."""

    queue: str | None = None
    agent: str | None = None
    rule: Rule | None = None
    skills: dict = field(default_factory=dict)
    held: list[str] = field(default_factory=list)


def decide(rules: list[Rule], keys: CaseKeys) -> Decision:
    holding = [r for r in rules if r.holds(keys)]
    decision = Decision(held=[r.name for r in holding])
    if not holding:
        return decision
    best = max(holding, key=lambda r: (r.weight, -r.id))
    decision.rule, decision.queue, decision.agent = best, best.queue, best.agent
    for rule in holding:
        for skill, level in rule.skills.items():
            decision.skills[skill] = max(level, decision.skills.get(skill, 0))
    return decision


@dataclass(frozen=True)
class Candidate:
    username: str
    capacity: int
    open_cases: int
    skills: dict
    languages: list
    regions: list
    queues: list
    resolution_hours: float | None
    last_assigned_at: datetime | None


def rank(
    candidates: list[Candidate], decision: Decision, keys: CaseKeys, weights: dict, exclude=()
) -> list[tuple[float, Candidate, dict]]:
    """The eligible candidates, best first, each with its score and the score's parts."""
    eligible = [
        c
        for c in candidates
        if c.username not in exclude
        and c.open_cases < c.capacity
        and (not decision.queue or not c.queues or decision.queue in c.queues)
        and all(c.skills.get(s, 0) >= level for s, level in decision.skills.items())
    ]
    known = sorted(c.resolution_hours for c in eligible if c.resolution_hours)
    median = known[len(known) // 2] if known else None
    ranked = []
    for c in eligible:
        parts = {
            "skill": (
                sum(min(c.skills.get(s, 0) - level, 3) / 3 for s, level in decision.skills.items())
                / len(decision.skills)
                if decision.skills
                else 0.0
            ),
            "language": 1.0 if keys.language and keys.language in c.languages else 0.0,
            "region": 1.0 if keys.region and keys.region in c.regions else 0.0,
            "efficiency": (
                max(-1.0, min(1.0, math.log2(median / c.resolution_hours)))
                if median and c.resolution_hours
                else 0.0
            ),
            "load": -c.open_cases / c.capacity,
        }
        score = sum(weights.get(k, 0.0) * v for k, v in parts.items())
        ranked.append((score, c, parts))
    never = datetime.min.replace(tzinfo=None)
    ranked.sort(
        key=lambda t: (
            -round(t[0], 9),
            t[1].last_assigned_at.replace(tzinfo=None) if t[1].last_assigned_at else never,
            t[1].username,
        )
    )
    return ranked


def explain(decision: Decision, score: float | None, parts: dict | None, agent: str | None) -> str:
    """The assignment's reason in words, as the journal and the assignment keep it."""
    words = []
    if decision.rule:
        words.append(f"rule '{decision.rule.name}' (weight {decision.rule.weight})")
    else:
        words.append("no rule held")
    if decision.queue:
        words.append(f"queue {decision.queue}")
    if decision.skills:
        words.append("needs " + ", ".join(f"{s} ≥ {lv}" for s, lv in sorted(decision.skills.items())))
    if agent is None:
        words.append("no available agent qualifies: waits in the queue")
    elif parts is None:
        words.append(f"given to {agent}")
    else:
        shown = ", ".join(f"{k} {v:+.2f}" for k, v in parts.items() if v)
        words.append(f"{agent} scored {score:.2f}" + (f" ({shown})" if shown else ""))
    return "; ".join(words)


# -- the rule set as each process holds it ------------------------------------------------

_loaded: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def settings_row(session: Session) -> RoutingSettings:
    row = session.get(RoutingSettings, 1)
    if row is None:
        row = RoutingSettings(id=1, version=1, weights=dict(DEFAULT_WEIGHTS))
        session.add(row)
        session.flush()
    return row


def rule_set(session: Session) -> tuple[list[Rule], dict]:
    """The active rules and the weights, re-read only when their version moved (one
    small query per routing instead of the whole set)."""
    engine = session.get_bind().engine
    version = session.scalar(select(RoutingSettings.version).where(RoutingSettings.id == 1)) or 0
    held = _loaded.get(engine)
    if held is None or held[0] != version:
        rows = session.scalars(select(RoutingRule).where(RoutingRule.active).order_by(RoutingRule.id))
        stored = session.scalar(select(RoutingSettings.weights).where(RoutingSettings.id == 1))
        held = (version, [Rule.of(r) for r in rows], {**DEFAULT_WEIGHTS, **(stored or {})})
        _loaded[engine] = held
    return held[1], held[2]


def bump_version(session: Session) -> None:
    """Call in the transaction that changes a rule or the weights."""
    settings_row(session)
    session.execute(
        update(RoutingSettings).where(RoutingSettings.id == 1).values(version=RoutingSettings.version + 1)
    )


_CANDIDATES = select(
    Agent.username,
    Agent.capacity,
    Agent.open_cases,
    Agent.skills,
    Agent.languages,
    Agent.regions,
    Agent.queues,
    Agent.resolution_hours,
    Agent.last_assigned_at,
).where(Agent.presence == "available", Agent.open_cases < Agent.capacity)


def candidates(session: Session) -> list[Candidate]:
    return [Candidate(*row) for row in session.execute(_CANDIDATES)]


def take(session: Session, username: str, now: datetime) -> bool:
    """One more case for the agent, if still available and below capacity (conditional
    UPDATE: two routings at once cannot both take the last place)."""
    result = session.execute(
        update(Agent)
        .where(Agent.username == username, Agent.presence == "available", Agent.open_cases < Agent.capacity)
        .values(open_cases=Agent.open_cases + 1, last_assigned_at=now)
    )
    return result.rowcount == 1


def give_back(session: Session, username: str) -> None:
    session.execute(
        update(Agent)
        .where(Agent.username == username, Agent.open_cases > 0)
        .values(open_cases=Agent.open_cases - 1)
    )

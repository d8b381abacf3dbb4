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
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.orm import Session

from services.case.models import Agent, Case, RoutingRule, RoutingSettings

DEFAULT_WEIGHTS = {"skill": 1.0, "language": 2.0, "region": 1.0, "efficiency": 1.0, "load": 4.0}
KEYS = tuple(DEFAULT_WEIGHTS)  # the order of an agent's score parts
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
    def of(cls, case: Case) -> CaseKeys:
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
    conditions: dict[str, list[str]]
    queue: str | None
    agent: str | None
    skills: dict[str, int]
    keywords: re.Pattern[str] | None

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
    skills: dict[str, int] = field(default_factory=dict)
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


class Candidate(NamedTuple):  # a tuple: built for every agent on every routing
    username: str
    capacity: int
    open_cases: int
    skills: dict[str, int]
    languages: list[str]
    regions: list[str]
    queues: list[str]
    resolution_hours: float | None
    last_assigned: object  # when they last got a case, in the database's own ordered form


def rank(
    candidates: list[Candidate],
    decision: Decision,
    keys: CaseKeys,
    weights: dict[str, float],
    exclude: Container[str] = (),
) -> tuple[list[tuple[float, Candidate]], float | None]:
    """The eligible candidates, best first, each with its score; and the median
    resolution time their efficiency was measured against (for `parts`)."""
    needs = list(decision.skills.items())
    eligible = [
        c
        for c in candidates
        if c.username not in exclude
        and c.open_cases < c.capacity
        and (not decision.queue or not c.queues or decision.queue in c.queues)
        and all(c.skills.get(s, 0) >= level for s, level in needs)
    ]
    known = sorted(c.resolution_hours for c in eligible if c.resolution_hours)
    median = known[len(known) // 2] if known else None
    weighted = [weights.get(k, 0.0) for k in KEYS]
    ranked = [
        (sum(w * v for w, v in zip(weighted, _values(c, needs, keys, median), strict=True)), c)
        for c in eligible
    ]
    # ties: whoever has waited longest since their last case (never first), then by name
    ranked.sort(
        key=lambda t: (-round(t[0], 9), t[1].last_assigned is not None, t[1].last_assigned, t[1].username)
    )
    return ranked, median


def parts(
    c: Candidate, needs: list[tuple[str, int]], keys: CaseKeys, median: float | None
) -> dict[str, float]:
    """An agent's score before weighting, key by key (what the assignment's reason shows)."""
    return dict(zip(KEYS, _values(c, needs, keys, median), strict=True))


def _values(
    c: Candidate, needs: list[tuple[str, int]], keys: CaseKeys, median: float | None
) -> tuple[float, float, float, float, float]:
    return (
        sum(min(c.skills.get(s, 0) - level, 3) / 3 for s, level in needs) / len(needs) if needs else 0.0,
        1.0 if keys.language and keys.language in c.languages else 0.0,
        1.0 if keys.region and keys.region in c.regions else 0.0,
        max(-1.0, min(1.0, math.log2(median / c.resolution_hours))) if median and c.resolution_hours else 0.0,
        -c.open_cases / c.capacity,
    )


def explain(
    decision: Decision, score: float | None, parts: dict[str, float] | None, agent: str | None
) -> str:
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


# -- the routing set as each process holds it ---------------------------------------------


# an agent's skills, languages, regions and queues
Profile = tuple[dict[str, int], list[str], list[str], list[str]]


@dataclass(frozen=True)
class RoutingSet:
    """Rules, weights and what each agent can do, as of one version of the set."""

    version: int
    rules: list[Rule]
    weights: dict[str, float]
    profiles: dict[str, Profile]  # username → what they can do


_held: weakref.WeakKeyDictionary[Engine, RoutingSet] = weakref.WeakKeyDictionary()
_VERSION = select(RoutingSettings.version).where(RoutingSettings.id == 1)
_PROFILES = select(Agent.username, Agent.skills, Agent.languages, Agent.regions, Agent.queues)
# Read on the driver's own cursor: this runs on every routing for every agent, and the
# plain tuples cost a fraction of result rows. last_assigned_at stays as stored (only
# compared, never shown), so no per-row conversion to an aware datetime either.
_LOADS = (
    "SELECT username, capacity, open_cases, resolution_hours, last_assigned_at FROM agents"
    " WHERE presence = 'available' AND open_cases < capacity"
)


def routing_set(session: Session) -> RoutingSet:
    """The set as this process holds it, re-read only when its version moved: one small
    query per routing instead of every rule and agent profile."""
    engine = session.get_bind().engine
    connection = session.connection()
    version = connection.execute(_VERSION).scalar() or 0
    held = _held.get(engine)
    if held is None or held.version != version:
        rows = session.scalars(select(RoutingRule).where(RoutingRule.active).order_by(RoutingRule.id))
        stored = session.scalar(select(RoutingSettings.weights).where(RoutingSettings.id == 1))
        held = RoutingSet(
            version,
            [Rule.of(r) for r in rows],
            {**DEFAULT_WEIGHTS, **(stored or {})},
            {
                name: (skills, languages, regions, queues)
                for name, skills, languages, regions, queues in session.execute(_PROFILES)
            },
        )
        _held[engine] = held
    return held


def settings_row(session: Session) -> RoutingSettings:
    row = session.get(RoutingSettings, 1)
    if row is None:
        row = RoutingSettings(id=1, version=1, weights=dict(DEFAULT_WEIGHTS))
        session.add(row)
        session.flush()
    return row


def bump_version(session: Session) -> None:
    """Call in the transaction that changes a rule, the weights or an agent's profile."""
    settings_row(session)
    session.execute(
        update(RoutingSettings).where(RoutingSettings.id == 1).values(version=RoutingSettings.version + 1)
    )


def candidates(session: Session, held: RoutingSet) -> list[Candidate]:
    """The agents free to take a case now; only their load is read from the database."""
    found = []
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(_LOADS)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    for username, capacity, open_cases, hours, last in rows:
        profile = held.profiles.get(username)
        if profile is not None:  # None: saved after the set was read; the next routing sees them
            found.append(Candidate(username, capacity, open_cases, *profile, hours, last))
    return found


# the agents table itself (`Agent.__table__` is typed as any FromClause, which UPDATE does not take)
_AGENTS = Agent.metadata.tables[Agent.__tablename__]
_TAKE = (
    update(_AGENTS)
    .where(
        _AGENTS.c.username == bindparam("who"),
        _AGENTS.c.presence == "available",
        _AGENTS.c.open_cases < _AGENTS.c.capacity,
    )
    .values(open_cases=_AGENTS.c.open_cases + 1, last_assigned_at=bindparam("now"))
)
_GIVE_BACK = (
    update(_AGENTS)
    .where(_AGENTS.c.username == bindparam("who"), _AGENTS.c.open_cases > 0)
    .values(open_cases=_AGENTS.c.open_cases - 1)
)


def take(session: Session, username: str, now: datetime) -> bool:
    """One more case for the agent, if still available and below capacity (conditional
    UPDATE: two routings at once cannot both take the last place)."""
    taken = session.connection().execute(_TAKE, {"who": username, "now": now}).rowcount == 1
    _forget_load(session, username)
    return taken


def give_back(session: Session, username: str) -> None:
    session.connection().execute(_GIVE_BACK, {"who": username})
    _forget_load(session, username)


def _forget_load(session: Session, username: str) -> None:
    """An Agent this session holds re-reads its load: the UPDATE went past it."""
    held = session.identity_map.get(session.identity_key(Agent, username))
    if held is not None:
        session.expire(held, ["open_cases", "last_assigned_at"])

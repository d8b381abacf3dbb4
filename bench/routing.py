"""Cases routed per second with 200 agents and 50 rules, and how evenly equally skilled
agents share the work (K4).

  python -m bench.routing [--cases 5000] [--agents 200] [--rules 50] [--database-url URL]

Each routing is what the case service does for a new case, in its own transaction on a
migrated database: open the case (number, row, SLA start), read the rule set's version,
match the rules, rank the available agents, take the best with the conditional UPDATE
that guards capacity, and write the assignment and its journal entry. Agents come in
groups of ten with the same skills, languages and queues; within a group the spread of
open cases is the fairness figure (goal: every agent within ±10 % of the group's mean).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.routing import AgentIn, RuleIn
from crm_common.migrate import upgrade
from crm_common.storage import UnitOfWork, create_db_engine
from services.case import assigning, cases, routing_admin
from services.case.models import Agent, Case

SKILLS = ("billing", "delivery", "returns", "technical", "sales")
LANGUAGES = ("sv", "en", "fi", "no", "da")
QUEUES = ("billing", "logistics", "aftersales", "support", "sales")
WORDS = {
    "billing": ("faktura", "invoice", "betalning", "kredit"),
    "logistics": ("leverans", "delivery", "paket", "spårning"),
    "aftersales": ("retur", "return", "reklamation", "garanti"),
    "support": ("fel", "error", "trasig", "broken"),
    "sales": ("offert", "quote", "pris", "rabatt"),
}


def build(uow: UnitOfWork, agents: int, rules: int, rng: random.Random) -> None:
    now = utcnow()
    with uow.transaction() as session:
        for group in range(agents // 10):
            queue = QUEUES[group % len(QUEUES)]
            skill = SKILLS[group % len(SKILLS)]
            profile = {
                "capacity": 1000,
                "skills": {skill: 2 + group % 4, SKILLS[(group + 1) % len(SKILLS)]: 1 + group % 3},
                "languages": [LANGUAGES[group % len(LANGUAGES)], "en"],
                "regions": ["SE"],
                "queues": [queue],
            }
            for member in range(10):
                username = f"agent-{group:02d}-{member}"
                routing_admin.save_agent(
                    session, username, load(AgentIn(), {"name": username, **profile}), now
                )
                session.get(Agent, username).presence = "available"
        for n in range(rules):
            queue = QUEUES[n % len(QUEUES)]
            skill = SKILLS[n % len(SKILLS)]
            conditions = {"keywords": [rng.choice(WORDS[queue]) + (f"{n}" if n >= 20 else "")]}
            if n % 3 == 0:
                conditions["languages"] = [LANGUAGES[n % len(LANGUAGES)]]
            if n % 4 == 0:
                conditions["product_groups"] = [f"group-{n % 7}"]
            routing_admin.create_rule(
                session,
                load(
                    RuleIn(),
                    {
                        "name": f"rule {n}",
                        "weight": 10 + n,
                        "conditions": conditions,
                        "queue": queue,
                        "skills": {skill: 1 + n % 2},
                    },
                ),
            )


def route_cases(uow: UnitOfWork, count: int, rng: random.Random) -> list[float]:
    timings = []
    now = utcnow() - timedelta(days=1)
    for n in range(count):
        queue = QUEUES[n % len(QUEUES)]
        data = load(
            CaseCreate(),
            {
                "customer_id": 1 + n,
                "subject": f"{rng.choice(WORDS[queue])} ärende {n}",
                "description": "Hej, jag har en fråga om min order.",
                "channel": rng.choice(("email", "phone", "web")),
                "product_group": f"group-{n % 7}",
            },
        )
        profile = {"customer_id": 1 + n, "language": LANGUAGES[n % len(LANGUAGES)], "region": "SE"}
        started = time.perf_counter()
        with uow.transaction() as session:
            cases.open_case(session, data, "bench", profile, now)
        timings.append(time.perf_counter() - started)
    return timings


def reroute_cases(uow: UnitOfWork, count: int) -> list[float]:
    """Routing alone: open cases sent through the rules again, one transaction each
    (what an agent leaving or a supervisor's re-route does per case)."""
    with uow.read() as session:
        ids = list(
            session.scalars(select(Case.id).where(Case.status == "open").order_by(Case.id).limit(count))
        )
    timings = []
    for case_id in ids:
        started = time.perf_counter()
        with uow.transaction() as session:
            assigning.route_case(session, session.get(Case, case_id), utcnow(), by="bench")
        timings.append(time.perf_counter() - started)
    return timings


def fairness(uow: UnitOfWork) -> tuple[float, int]:
    """The largest deviation from its group's mean, in %, over groups that got work."""
    groups = defaultdict(list)
    with uow.read() as session:
        for username, open_cases in session.execute(select(Agent.username, Agent.open_cases)):
            groups[username.rsplit("-", 1)[0]].append(open_cases)
    worst, busy = 0.0, 0
    for loads in groups.values():
        mean = statistics.mean(loads)
        if mean >= 5:
            busy += 1
            worst = max(worst, max(abs(x - mean) for x in loads) / mean * 100)
    return worst, busy


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.routing")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--database-url", help="e.g. a PostgreSQL database to migrate and fill")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='crm-routing-'), 'case.db')}"
    upgrade("case", url)
    engine = create_db_engine(url)
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    rng = random.Random(7)
    build(uow, args.agents, args.rules, rng)
    route_cases(uow, 200, rng)  # warm-up: caches, statement compilation
    timings = route_cases(uow, args.cases, rng)
    total = sum(timings)
    ms = sorted(t * 1000 for t in timings)
    worst, busy = fairness(uow)
    again = sorted(t * 1000 for t in reroute_cases(uow, args.cases))
    backend = engine.dialect.name
    print(
        f"\nrouting, {args.agents} agents, {args.rules} rules, {args.cases} cases,"
        f" {backend}, {platform.machine()}"
    )
    print("| what | value |\n|---|---|")
    print(f"| cases opened and routed per second (one transaction each) | {args.cases / total:.0f} |")
    print(f"| p50 / p99 per new case, ms | {ms[len(ms) // 2]:.2f} / {ms[int(len(ms) * 0.99)]:.2f} |")
    print(
        f"| open cases routed again per second (one transaction each) |"
        f" {len(again) / sum(again) * 1000:.0f} |"
    )
    print(
        f"| p50 / p99 per routing, ms | {again[len(again) // 2]:.2f} / {again[int(len(again) * 0.99)]:.2f} |"
    )
    print(
        f"| largest deviation from the group mean, equally skilled agents | ±{worst:.1f} % ({busy} groups) |"
    )
    engine.dispose()


if __name__ == "__main__":
    main()

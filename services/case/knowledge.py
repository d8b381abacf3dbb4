"""The FAQ and similar cases (K6, K7): answers filed by industry, product and problem,
found by full-text search in the customer's language; and, for an open case, the solved
cases and FAQ answers most like it, so nothing is solved twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict, TypeVar

from sqlalchemy import SQLColumnExpression, select
from sqlalchemy.orm import Session

from crm_common.acting import SYSTEM, Acting
from crm_common.errors import InvalidInput, NotFound
from services.case import audit_trail, search
from services.case.models import Case, FaqEntry, JournalEntry

FILTERS = ("language", "industry", "product", "problem")
CANDIDATES = 5  # fetched per result wanted: the index ranks before the filters apply

_Found = TypeVar("_Found", Case, FaqEntry)


class Similar(TypedDict):
    """Solved cases (each with its score and solution) and FAQ answers (with their score)."""

    cases: list[tuple[Case, float, str | None]]
    faq: list[tuple[FaqEntry, float]]


def publish(
    session: Session, data: dict[str, Any], author: str, now: datetime, *, actor: Acting = SYSTEM
) -> FaqEntry:
    """An FAQ answer (FaqIn, valid), on the audit trail as `actor`'s `faq_changed`."""
    _check_source(session, data)
    entry = FaqEntry(**data, author=author, created_at=now, updated_at=now)
    session.add(entry)
    session.flush()
    _index(session, entry)
    _record(session, actor, entry, audit_trail.gone(FaqEntry))
    return entry


def change(
    session: Session, faq_id: int, data: dict[str, Any], now: datetime, *, actor: Acting = SYSTEM
) -> FaqEntry:
    """Replace an FAQ answer (FaqIn, valid), old and new on the audit trail as `actor`'s
    act. Raises NotFound, InvalidInput (no such source case)."""
    entry = get(session, faq_id)
    before = audit_trail.snapshot(entry)
    _check_source(session, data)
    for key, value in data.items():
        setattr(entry, key, value)
    entry.updated_at = now
    _index(session, entry)
    _record(session, actor, entry, before)
    return entry


def _record(session: Session, actor: Acting, entry: FaqEntry, before: dict[str, Any]) -> None:
    after = audit_trail.snapshot(entry)
    audit_trail.record_change(session, actor, audit_trail.FAQ, f"FAQ entry {entry.id}", before, after)


def _check_source(session: Session, data: dict[str, Any]) -> None:
    """The case an answer was written from must exist (a bad one is the caller's field,
    not a failure in the database)."""
    source = data.get("source_case_id")
    if source is not None and session.get(Case, source) is None:
        raise InvalidInput(f"case {source} does not exist", {"source_case_id": "no such case"})


def get(session: Session, faq_id: int, published_only: bool = False) -> FaqEntry:
    """The FAQ entry; `published_only`: a draft is not found either. Raises NotFound."""
    entry = session.get(FaqEntry, faq_id)
    if entry is None or (published_only and not entry.published):
        raise NotFound(f"FAQ entry {faq_id} does not exist", {"faq_id": "not found"})
    return entry


def find(
    session: Session, query: str, filters: dict[str, Any], published_only: bool, limit: int
) -> Sequence[tuple[FaqEntry, float | None]]:
    """Entries matching `query` best first (all entries, newest first, without one),
    narrowed by language, industry, product and problem."""
    conditions = [getattr(FaqEntry, k) == v for k, v in filters.items() if k in FILTERS and v]
    if published_only:
        conditions.append(FaqEntry.published)
    if not search.terms(query or "", filters.get("language")):
        found = session.scalars(
            select(FaqEntry)
            .where(*conditions)
            .order_by(FaqEntry.updated_at.desc(), FaqEntry.id.desc())
            .limit(limit)
        )
        return [(entry, None) for entry in found]
    hits = search.ranked(session, "fts_faq", query, filters.get("language"), limit * CANDIDATES, every=True)
    return _load(session, FaqEntry, hits, conditions, limit)


def similar(session: Session, case: Case, limit: int = 5) -> Similar:
    """Solved cases and published FAQ answers most like this case, best first."""
    words = f"{case.subject}\n{case.description}"
    hits = [
        h
        for h in search.ranked(session, "fts_cases", words, case.language, limit * CANDIDATES)
        if h[0] != case.id
    ]
    cases = _load(session, Case, hits, [Case.status.in_(("solved", "closed"))], limit)
    faq = _load(
        session,
        FaqEntry,
        search.ranked(session, "fts_faq", words, case.language, limit * CANDIDATES),
        [FaqEntry.published],
        limit,
    )
    return {"cases": [(c, score, solution(session, c.id)) for c, score in cases], "faq": faq}


def solution(session: Session, case_id: int) -> str | None:
    """What the agent last told the customer: how the case was solved."""
    return session.scalar(
        select(JournalEntry.body)
        .where(
            JournalEntry.case_id == case_id,
            JournalEntry.direction == "out",
            JournalEntry.visibility == "public",
        )
        .order_by(JournalEntry.id.desc())
        .limit(1)
    )


def index_case(session: Session, case: Case, new: bool = False) -> None:
    """A case is found by its subject and description, and once solved by its answer."""
    answer = None if new else solution(session, case.id)
    search.index(
        session, "fts_cases", case.id, case.language, case.subject, case.description, answer, new=new
    )


def _index(session: Session, entry: FaqEntry) -> None:
    search.index(
        session,
        "fts_faq",
        entry.id,
        entry.language,
        entry.question,
        entry.answer,
        entry.industry,
        entry.product,
        entry.problem,
    )


def _load(
    session: Session,
    model: type[_Found],
    hits: list[tuple[int, float]],
    conditions: list[SQLColumnExpression[bool]],
    limit: int,
) -> list[tuple[_Found, float]]:
    if not hits:
        return []
    score = dict(hits)
    rows = session.scalars(select(model).where(model.id.in_(score), *conditions))
    return sorted(((row, score[row.id]) for row in rows), key=lambda t: (-t[1], -t[0].id))[:limit]

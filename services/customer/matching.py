"""Duplicate matching on the way in (C2): a ranked list of look-alikes with a score, a
verdict and the reasons per field, from blocking candidates only."""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy.orm import Session

from services.customer import blocking
from services.customer.profile_store import load_many as profiles_of
from services.customer.profiles import Profile
from services.customer.scoring import Frequencies, compare, probability
from services.customer.verdicts import Thresholds

SHOW_FROM = 0.05  # below this a candidate is not worth showing


class MatchedCustomer(TypedDict):
    id: int
    kind: str
    name: str
    country: str


class Match(TypedDict):
    """A look-alike, as the caller of a registration and the review queue get it."""

    customer: MatchedCustomer
    score: float
    verdict: str  # duplicate | review | distinct
    reasons: dict[str, dict[str, Any]]  # field → {agreement, weight, …}: scoring's own


def match(
    session: Session, profile: Profile, total: int, thresholds: Thresholds, limit: int = 10
) -> list[Match]:
    """Look-alikes of `profile` in the register, best first: [{"customer": {id, kind,
    name, country}, "score", "verdict", "reasons": {field: {agreement, weight, …}}}]."""
    ids, seen = blocking.candidates(session, profile)
    if not ids:
        return []
    freq = Frequencies(seen, total)
    stored = profiles_of(session, ids)
    hits: list[Match] = []
    for cid, other in stored.items():
        weight, reasons = compare(profile, other, freq)
        score = probability(weight)
        if score >= SHOW_FROM:
            hits.append(
                {
                    "customer": {"id": cid, "kind": other.kind, "name": other.name, "country": other.country},
                    "score": round(score, 4),
                    "verdict": thresholds.verdict(score, reasons),
                    "reasons": reasons,
                }
            )
    hits.sort(key=lambda h: (-h["score"], h["customer"]["id"]))
    return hits[:limit]

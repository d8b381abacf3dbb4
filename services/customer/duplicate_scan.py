"""The duplicate report over the whole register (C2): every pair of customers that share
a usable blocking key is scored once, and the probable duplicates are kept.

It walks the register by id in slices; each slice finds its pairs with one self-join on
the key index (only pairs towards higher ids, so each pair comes once), scores them, and
commits with the scan's progress, so a scan that is stopped carries on where it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, case, func, insert, literal, or_, select
from sqlalchemy.orm import Session, aliased

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.customer.duplicates import DuplicateScanOut
from crm_common.errors import NotFound
from crm_common.outbox import record
from crm_common.storage import UnitOfWork
from services.customer import blocking, duplicate_groups, register
from services.customer.key_kinds import FREQUENCY_PREFIX, counts_only
from services.customer.models import (
    Customer,
    DuplicatePair,
    DuplicateScan,
    FrequentKey,
    MatchKey,
    MatchKeyCount,
    OutboxMessage,
)
from services.customer.profile_store import load_many
from services.customer.profiles import Profile
from services.customer.scoring import Frequencies, compare, probability
from services.customer.verdicts import Thresholds, namesakes_likely

SLICE = 2000
KEEP = ("duplicate", "review")


def start(session: Session, started_by: str) -> DuplicateScan:
    scan = DuplicateScan(
        status="queued",
        total=_count(session),
        done=0,
        last_customer_id=0,
        pairs=0,
        started_by=started_by,
        created_at=utcnow(),
    )
    session.add(scan)
    session.flush()
    weak = or_(*(MatchKeyCount.key.startswith(f"{prefix}:") for prefix in blocking.WEAK))
    limit = case((weak, blocking.SCAN_WEAK_CAP), else_=blocking.BLOCK_CAP)
    frequent = select(literal(scan.id), MatchKeyCount.key).where(MatchKeyCount.n > limit)
    session.execute(insert(FrequentKey).from_select(["scan_id", "key"], frequent))
    return scan


def _count(session: Session) -> int:
    return (
        session.scalar(select(func.count()).select_from(Customer).where(Customer.merged_into_id.is_(None)))
        or 0
    )


def get_scan(session: Session, scan_id: int | None = None) -> DuplicateScan:
    query = select(DuplicateScan).order_by(DuplicateScan.id.desc()).limit(1)
    if scan_id is not None:
        query = select(DuplicateScan).where(DuplicateScan.id == scan_id)
    scan = session.scalar(query)
    if scan is None:
        raise NotFound(
            "no duplicate scan has run yet" if scan_id is None else f"scan {scan_id} does not exist",
            {"scan_id": "not found"},
        )
    return scan


class ProfileCache(dict[int, Profile]):
    """Profiles and name counts already read during one scan: a customer is the partner
    of many others, so most are needed again in later slices, and names repeat. Bounded;
    the oldest half of the profiles goes when full, all name counts when they fill up."""

    LIMIT = 400_000

    def __init__(self) -> None:
        super().__init__()
        self.name_counts: dict[str, int] = {}

    def keep(self, profiles: dict[int, Profile]) -> None:
        if len(self) + len(profiles) > self.LIMIT:
            for key in list(self)[: len(self) // 2]:
                del self[key]
        self.update(profiles)


def step(
    session: Session,
    scan: DuplicateScan,
    thresholds: Thresholds,
    size: int = SLICE,
    cache: ProfileCache | None = None,
) -> bool:
    """Score the pairs of the next slice of customers; True when the register is done.
    Pass the same `cache` to every step of a scan to read each customer once."""
    scan.status = "running"
    cache = ProfileCache() if cache is None else cache
    ids = _next_slice(session, scan, size)
    if not ids:
        _finish(session, scan, cache)
        return True
    pairs = _candidate_pairs(session, scan, ids)
    if pairs:
        found = _score(session, pairs, thresholds, cache)
        if found:
            session.execute(insert(DuplicatePair), [{"scan_id": scan.id, **p} for p in found])
            scan.pairs += len(found)
    scan.done += len(ids)
    scan.last_customer_id = ids[-1]
    return False


def _next_slice(session: Session, scan: DuplicateScan, size: int) -> list[int]:
    """The ids of the next `size` customers not merged away, after the scan's last."""
    return list(
        session.scalars(
            select(Customer.id)
            .where(Customer.id > scan.last_customer_id, Customer.merged_into_id.is_(None))
            .order_by(Customer.id)
            .limit(size)
        )
    )


def _finish(session: Session, scan: DuplicateScan, cache: ProfileCache) -> None:
    """The register is walked: the pairs become groups, and the scan is done."""
    duplicate_groups.store(
        session,
        scan,
        lambda wanted: _profiles(session, wanted, cache),
        lambda p: _frequencies(session, p, cache),
    )
    scan.status, scan.finished_at = "done", utcnow()


def _candidate_pairs(session: Session, scan: DuplicateScan, ids: list[int]) -> set[tuple[int, int]]:
    """Pairs (lower id first) sharing a blocking key, the first in the slice; keys kept
    for counting only and those the scan found too frequent join nobody."""
    a, b = aliased(MatchKey), aliased(MatchKey)
    frequent = select(FrequentKey.key).where(FrequentKey.scan_id == scan.id)
    return {
        (first, second)
        for first, second in session.execute(
            select(a.customer_id, b.customer_id)
            .join(b, and_(b.key == a.key, b.customer_id > a.customer_id))
            .where(
                a.customer_id.between(ids[0], ids[-1]),
                ~a.key.startswith(FREQUENCY_PREFIX),
                a.key.not_in(frequent),
            )
            .distinct()
        )
    }


def _score(
    session: Session, pairs: set[tuple[int, int]], thresholds: Thresholds, cache: ProfileCache
) -> list[dict[str, Any]]:
    profiles = _profiles(session, {i for pair in pairs for i in pair}, cache)
    freq = _frequencies(session, profiles, cache)
    found: list[dict[str, Any]] = []
    for first, second in sorted(pairs):
        if first not in profiles or second not in profiles:
            continue
        weight, reasons = compare(profiles[first], profiles[second], freq)
        score = probability(weight)
        verdict = thresholds.verdict(score, reasons)
        if verdict in KEEP and not namesakes_likely(weight, reasons, freq.total):
            found.append(
                {
                    "first_id": first,
                    "second_id": second,
                    "score": round(score, 4),
                    "verdict": verdict,
                    "reasons": reasons,
                }
            )
    return found


def _profiles(session: Session, wanted: Collection[int], cache: ProfileCache) -> dict[int, Profile]:
    """Every wanted profile, from the cache or read now; what is read is kept for later
    slices, but the answer never depends on what the cache dropped to make room."""
    found = {i: cache[i] for i in wanted if i in cache}
    missing = set(wanted) - found.keys()
    if missing:
        loaded = load_many(session, missing)
        cache.keep(loaded)
        found.update(loaded)
    return found


def _frequencies(session: Session, profiles: dict[int, Profile], cache: ProfileCache) -> Frequencies:
    """The counts a pair among `profiles` can need: every name's (kept for the scan), and
    a phone's or e-mail's only where two of the profiles hold it, as only then can a pair
    agree on it."""
    held = Counter(k for p in profiles.values() for k in blocking.frequency_keys(p))
    names = {k for k in held if counts_only(k)}
    if len(cache.name_counts) > cache.LIMIT:
        cache.name_counts.clear()
    unknown = names - cache.name_counts.keys()
    shared = {k for k, n in held.items() if n > 1 and not counts_only(k)}
    counts = blocking.counts(session, unknown | shared)
    cache.name_counts.update({k: counts.get(k, 0) for k in unknown})
    known = {k: cache.name_counts[k] for k in names}
    return Frequencies(
        {**known, **{k: counts[k] for k in shared if k in counts}}, register.size(session), stored=2
    )


def report(
    session: Session, scan: DuplicateScan, limit: int, verdict: str | None = None
) -> list[dict[str, Any]]:
    query = (
        select(DuplicatePair)
        .where(DuplicatePair.scan_id == scan.id)
        .order_by(DuplicatePair.score.desc(), DuplicatePair.id)
        .limit(limit)
    )
    if verdict:
        query = query.where(DuplicatePair.verdict == verdict)
    rows = list(session.scalars(query))
    names = dict(
        session.execute(
            select(Customer.id, Customer.name).where(
                Customer.id.in_(
                    {r.first_id for r in rows}
                    | {r.second_id for r in rows}
                    | {i for r in rows for i in r.via or ()}
                )
            )
        ).all()
    )
    return [
        {
            "first": {"id": r.first_id, "name": names.get(r.first_id)},
            "second": {"id": r.second_id, "name": names.get(r.second_id)},
            "score": r.score,
            "verdict": r.verdict,
            "reasons": r.reasons,
            "via": [{"id": i, "name": names.get(i)} for i in r.via or ()],
        }
        for r in rows
    ]


def start_scan(session: Session, started_by: str) -> dict[str, Any]:
    """A new scan, announced as `duplicate_scan_started`, on which it runs (run_scan).
    Returns the DuplicateScanOut."""
    scan = start(session, started_by)
    record(session, OutboxMessage, "duplicate_scan_started", duplicate_scan_started(scan))
    out: dict[str, Any] = dump(DuplicateScanOut, scan)
    return out


def duplicate_scan_started(scan: DuplicateScan) -> dict[str, Any]:
    """The `duplicate_scan_started` event."""
    return {"scan_id": scan.id}


def run_scan(db: UnitOfWork, scan_id: int, thresholds: Thresholds) -> None:
    """Walk the register slice by slice, each slice in its own transaction with the
    scan's progress."""
    cache = ProfileCache()
    finished = False
    while not finished:
        with db.transaction() as session:
            finished = step(session, get_scan(session, scan_id), thresholds, cache=cache)


def pairs_report(session: Session, scan_id: int | None, limit: int, verdict: str | None) -> dict[str, Any]:
    """{"scan": DuplicateScanOut, "pairs": report} of the scan (the newest when None)."""
    scan = get_scan(session, scan_id)
    return {"scan": dump(DuplicateScanOut, scan), "pairs": report(session, scan, limit, verdict)}


def groups_report(session: Session, scan_id: int | None, limit: int) -> dict[str, Any]:
    """{"scan": DuplicateScanOut, "groups": duplicate_groups.listing} of the scan."""
    scan = get_scan(session, scan_id)
    return {"scan": dump(DuplicateScanOut, scan), "groups": duplicate_groups.listing(session, scan, limit)}

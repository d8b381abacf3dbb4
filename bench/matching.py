"""How well the matcher finds duplicates, against the recordlinkage toolkit on the same data:

    python -m bench.matching [--sizes 10000,100000] [--database-url URL] [--keep-one]

For each size: a synthetic register with known duplicates (bench/synthetic.py) is loaded
into a fresh customer database, the whole-register duplicate scan runs, and pairs are
compared with the truth. Printed per method: blocking recall (the share of true pairs
that were ever compared: in the scan, and when a record is matched as on create),
precision, recall and F1 of the reported pairs, and the time.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.synthetic import Synthetic, generate  # noqa: E402
from crm_common.contracts import load  # noqa: E402
from crm_common.contracts.customer.customers import CustomerCreate  # noqa: E402
from crm_common.errors import InvalidInput  # noqa: E402
from crm_common.migrate import upgrade  # noqa: E402
from crm_common.storage import create_db_engine  # noqa: E402
from services.customer import (  # noqa: E402
    blocking,
    duplicate_scan,
    intake,
    profile_store,
    profiles,
    register,
)
from services.customer.models import DuplicatePair, FrequentKey, MatchKey  # noqa: E402
from services.customer.verdicts import Thresholds  # noqa: E402

SCHEMA = CustomerCreate()


def load_register(session: Session, data: Synthetic) -> dict[int, int]:
    """Insert every record as a customer; record index → customer id."""
    ids = {}
    for i, record in enumerate(data.records):
        valid = load(SCHEMA, record)
        try:
            customer = register.create_customer(session, valid, "SE")
        except InvalidInput as err:  # a generated value the rules refuse: leave that field out
            for field in {f.split(".")[0] for f in err.fields}:
                valid.pop(field, None)
            customer = register.create_customer(session, valid, "SE")
        blocking.store(session, customer.id, profiles.from_customer(customer))
        ids[i] = customer.id
        if i % 1000 == 999:
            session.commit()
    session.commit()
    return ids


def scan(session: Session) -> tuple[int, float]:
    started = time.perf_counter()
    job = duplicate_scan.start(session, "bench")
    session.commit()
    cache = duplicate_scan.ProfileCache()
    while not duplicate_scan.step(
        session, duplicate_scan.get_scan(session, job.id), Thresholds(), cache=cache
    ):
        session.commit()
    session.commit()
    return job.id, time.perf_counter() - started


def blocking_recall(session: Session, scan_id: int, data: Synthetic, ids: dict[int, int]) -> float:
    keys: dict[int, set[str]] = {}
    for customer_id, key in session.execute(select(MatchKey.customer_id, MatchKey.key)):
        if not key.startswith("F:"):
            keys.setdefault(customer_id, set()).add(key)
    frequent = set(session.scalars(select(FrequentKey.key).where(FrequentKey.scan_id == scan_id)))
    met = sum(1 for a, b in data.true_pairs if (keys.get(ids[a], set()) & keys.get(ids[b], set())) - frequent)
    return met / max(len(data.true_pairs), 1)


def create_blocking_recall(session: Session, data: Synthetic, ids: dict[int, int]) -> float:
    """The share of true pairs whose earlier record is among the later one's candidates
    when matched as on create. Asked of the whole register, whose fuller blocks skip more
    keys than the register the record really met, so it errs low."""
    earlier: dict[int, set[int]] = {}
    for a, b in data.true_pairs:
        earlier.setdefault(b, set()).add(a)
    met, later = 0, sorted(earlier)
    for start in range(0, len(later), 1000):
        chunk = later[start : start + 1000]
        stored = profile_store.load_many(session, {ids[b] for b in chunk})
        for b in chunk:
            found = set(blocking.candidates(session, stored[ids[b]])[0])
            met += sum(1 for a in earlier[b] if ids[a] in found)
    return met / max(len(data.true_pairs), 1)


def scores(predicted: set, truth: set) -> tuple[float, float, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(data: Synthetic, url: str) -> dict:
    upgrade("customer", url)
    engine = create_db_engine(url)
    with Session(engine) as session:
        t = time.perf_counter()
        ids = load_register(session, data)
        loaded = time.perf_counter() - t
        scan_id, scan_seconds = scan(session)
        back = {c: i for i, c in ids.items()}
        found, score_of, implied = {}, {}, set()
        for pair in session.scalars(select(DuplicatePair).where(DuplicatePair.scan_id == scan_id)):
            key = tuple(sorted((back[pair.first_id], back[pair.second_id])))
            found[key], score_of[key] = pair.verdict, pair.score
            if pair.via:
                implied.add(key)
        latencies = []
        for i in range(0, len(data.records), max(1, len(data.records) // 300)):
            valid = load(SCHEMA, data.records[i])
            t = time.perf_counter()
            intake.look_alikes(session, valid, "SE")
            latencies.append((time.perf_counter() - t) * 1000)
        recall_blocking = blocking_recall(session, scan_id, data, ids)
        recall_create = create_blocking_recall(session, data, ids)
    engine.dispose()
    duplicates = {p for p, v in found.items() if v == "duplicate"}
    sweep = {
        t: scores({p for p, sc in score_of.items() if sc >= t}, data.true_pairs) for t in (0.8, 0.9, 0.95)
    }
    return {
        "blocking": recall_blocking,
        "blocking_create": recall_create,
        "reported": scores(set(found), data.true_pairs),
        "sweep": sweep,
        "duplicate": scores(duplicates, data.true_pairs),
        "implied": (len(implied), len(implied & data.true_pairs)),
        "load_s": loaded,
        "scan_s": scan_seconds,
        "match_p50": statistics.median(latencies),
        "match_p99": statistics.quantiles(latencies, n=100)[98],
    }


def theirs(data: Synthetic) -> dict:
    """recordlinkage as its documentation sets it up: blocking on postal code, phone and
    e-mail plus a sorted neighbourhood on the family name; string and exact comparisons
    (names and street by Jaro-Winkler, the rest exact);
    the sum of agreeing features above a threshold (the best threshold for it is chosen
    with the truth, which favours it)."""
    import pandas as pd
    import recordlinkage

    from crm_common.phones import caller_e164
    from services.customer.names import fold

    rows = []
    for r in data.records:
        a = (r.get("addresses") or [{}])[0]
        rows.append(
            {
                "given": fold(r.get("given_name")),
                "family": fold(r.get("family_name")),
                "birthday": r.get("birthday"),
                "national_id": "".join(c for c in r.get("national_id") or "" if c.isalnum()) or None,
                "phone": caller_e164((r.get("phones") or [{}])[0].get("number"), r.get("country", "SE")),
                "email": ((r.get("emails") or [{}])[0].get("address") or "").lower() or None,
                "postcode": (a.get("postal_code") or "").replace(" ", "") or None,
                "street": fold(a.get("street")) or None,
            }
        )
    frame = pd.DataFrame(rows)
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("postcode")
    indexer.block("phone")
    indexer.block("email")
    indexer.sortedneighbourhood("family", window=9)
    candidates = indexer.index(frame)
    compare = recordlinkage.Compare()
    compare.string("given", "given", method="jarowinkler", threshold=0.85, label="given")
    compare.string("family", "family", method="jarowinkler", threshold=0.85, label="family")
    compare.exact("birthday", "birthday", label="birthday")
    compare.exact("national_id", "national_id", label="national_id")
    compare.exact("phone", "phone", label="phone")
    compare.exact("email", "email", label="email")
    compare.exact("postcode", "postcode", label="postcode")
    compare.string("street", "street", method="jarowinkler", threshold=0.85, label="street")
    features = compare.compute(candidates, frame)
    seconds = time.perf_counter() - started
    compared = {tuple(sorted(p)) for p in candidates}
    best = None
    total = features.sum(axis=1)
    for threshold in (2, 3, 4, 5):
        predicted = {tuple(sorted(p)) for p in total[total >= threshold].index}
        result = scores(predicted, data.true_pairs)
        if best is None or result[2] > best[1][2]:
            best = (threshold, result)
    return {
        "blocking": len(compared & data.true_pairs) / max(len(data.true_pairs), 1),
        "reported": best[1],
        "threshold": best[0],
        "seconds": seconds,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.matching")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--database-url", help="a fresh PostgreSQL database (default: SQLite in a temp dir)")
    parser.add_argument(
        "--keep-one",
        action="store_true",
        help="every copy keeps one identifying value of its original (no pair rests on a name alone)",
    )
    args = parser.parse_args(argv)
    print("| records | true pairs | method | blocking recall | precision | recall | F1 | time |")
    print("|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        data = generate(size, keep_one=args.keep_one)
        url = args.database_url or f"sqlite:///{os.path.join(tempfile.mkdtemp(), 'customer.db')}"
        mine = ours(data, url)
        base = theirs(data)
        n, t = len(data.records), len(data.true_pairs)
        p, r, f = mine["reported"]
        print(
            f"| {n} | {t} | ours: reported pairs (duplicate + review) | {mine['blocking']:.4f} | {p:.4f} "
            f"| {r:.4f} | {f:.4f} | load {mine['load_s']:.0f} s, scan {mine['scan_s']:.0f} s |"
        )
        p, r, f = mine["duplicate"]
        print(
            f"| {n} | {t} | ours: verdict duplicate only | {mine['blocking_create']:.4f} on create "
            f"| {p:.4f} | {r:.4f} | {f:.4f} | "
            f"match one record p50 {mine['match_p50']:.1f} ms, p99 {mine['match_p99']:.1f} ms |"
        )
        made, right = mine["implied"]
        print(f"| {n} | {t} | ours: of those, pairs implied by a group | | {right}/{made} right | | | |")
        for threshold, (p, r, f) in mine["sweep"].items():
            print(f"| {n} | {t} | ours: all pairs scoring ≥ {threshold} | | {p:.4f} | {r:.4f} | {f:.4f} | |")
        p, r, f = base["reported"]
        print(
            f"| {n} | {t} | recordlinkage (sum ≥ {base['threshold']}) | {base['blocking']:.4f} | {p:.4f} | "
            f"{r:.4f} | {f:.4f} | {base['seconds']:.0f} s |"
        )


if __name__ == "__main__":
    main()

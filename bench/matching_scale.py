"""Matching at scale on PostgreSQL: one record against an N-customer register, and the
duplicate report over all of it.

    python -m bench.matching_scale --database-url postgresql://postgres@127.0.0.1/crm_scale [--size 1000000]

The register is synthetic (bench/synthetic.py) and bulk-loaded with COPY, with the same
blocking keys the service would store; the database is created if missing and emptied.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import psycopg2  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from crm_common.contracts import load  # noqa: E402
from crm_common.contracts.customer.customers import CustomerCreate  # noqa: E402
from crm_common.migrate import upgrade  # noqa: E402
from crm_common.phones import NotAPhoneNumber, to_e164  # noqa: E402
from crm_common.storage import create_db_engine  # noqa: E402
from services.customer import (  # noqa: E402
    blocking,
    duplicate_scan,
    identifiers,
    intake,
    profile_store,
    profiles,
)
from services.customer.names import fold  # noqa: E402
from services.customer.verdicts import Thresholds  # noqa: E402

SCHEMA = CustomerCreate()
TABLES = {
    "customers": [
        "id",
        "kind",
        "name",
        "given_name",
        "family_name",
        "country",
        "national_id",
        "birthday",
        "categories",
        "tier",
        "newsletter",
        "created_at",
        "updated_at",
    ],
    "phones": ["customer_id", "e164", "raw", "label"],
    "emails": ["customer_id", "address", "normalised", "label"],
    "addresses": ["customer_id", "kind", "street", "postal_code", "city", "country", "valid_from"],
    "match_keys": ["customer_id", "key"],
    "match_profiles": ["customer_id", "form", "document"],
}


def fresh_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _as_stored(record: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The record as the service stores it, and its phones as (E.164, as written): an id
    or a number it refuses is left out."""
    valid = load(SCHEMA, record)
    country = valid.get("country", "SE")
    if valid.get("national_id"):
        try:
            valid["national_id"] = identifiers.national_id(valid["national_id"], country)
            valid["birthday"] = valid.get("birthday") or identifiers.birth_date(valid["national_id"], country)
        except identifiers.InvalidIdentifier:
            del valid["national_id"]
    phones = []
    for p in valid.get("phones", []):
        try:
            phones.append((to_e164(p["number"], country), p["number"]))
        except NotAPhoneNumber:
            pass
    valid["phones"] = [{"number": e} for e, _ in phones]
    return valid, phones


def bulk_load(url: str, records: list[dict]) -> float:
    """COPY the register in; returns seconds."""
    started = time.perf_counter()
    now = datetime.now(timezone.utc).isoformat()
    buffers = {t: io.StringIO() for t in TABLES}
    writers = {t: csv.writer(b) for t, b in buffers.items()}
    for cid, record in enumerate(records, start=1):
        valid, phones = _as_stored(record)
        country = valid.get("country", "SE")
        name = " ".join(x for x in (valid.get("given_name"), valid.get("family_name")) if x)
        writers["customers"].writerow(
            [
                cid,
                "person",
                name,
                valid.get("given_name"),
                valid.get("family_name"),
                country,
                valid.get("national_id"),
                valid.get("birthday") or None,
                "[]",
                "standard",
                "f",
                now,
                now,
            ]
        )
        for e164, raw in phones:
            writers["phones"].writerow([cid, e164, raw, "mobile"])
        for e in valid.get("emails", []):
            writers["emails"].writerow([cid, e["address"], e["address"].strip().lower(), "work"])
        for a in valid.get("addresses", []):
            writers["addresses"].writerow(
                [cid, "postal", a["street"], a["postal_code"], a["city"], country, now]
            )
        profile = profiles.from_request(valid, "SE")
        for key in blocking.keys(profile):
            writers["match_keys"].writerow([cid, key])
        document = json.dumps(profile_store.document(profile), ensure_ascii=False)
        writers["match_profiles"].writerow([cid, profile_store.FORM, document])
    # COPY cannot run through the green wait callback; the bulk load runs alone anyway.
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cur:
        for table, columns in TABLES.items():
            buffers[table].seek(0)
            cur.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffers[table]
            )
        cur.execute("INSERT INTO match_key_counts (key, n) SELECT key, count(*) FROM match_keys GROUP BY key")
        cur.execute("SELECT setval('customers_id_seq', (SELECT max(id) FROM customers))")
        cur.execute("ANALYZE")
    connection.close()
    psycopg2.extensions.set_wait_callback(callback)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_scale")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="keep the register loaded by an earlier run")
    parser.add_argument("--skip-scan", action="store_true", help="measure single-record matching only")
    args = parser.parse_args(argv)
    t = time.perf_counter()
    # The generator is sequential: a smaller register is the start of the larger one,
    # so probes can be drawn from it when the big one is already loaded.
    data = generate(min(args.size, 50_000) if args.reuse else args.size)
    generated = time.perf_counter() - t
    loaded = 0.0
    if not args.reuse:
        fresh_database(args.database_url)
        upgrade("customer", args.database_url)
        loaded = bulk_load(args.database_url, data.records)
    else:
        upgrade("customer", args.database_url)  # a register loaded by an older version
    engine = create_db_engine(args.database_url)
    rnd = random.Random(3)
    latencies = []
    with Session(engine) as session:
        for record in rnd.sample(data.records, args.probes):
            probe = load(SCHEMA, {**record, "given_name": fold(record["given_name"]).title()})
            t = time.perf_counter()
            intake.look_alikes(session, probe, "SE")
            latencies.append((time.perf_counter() - t) * 1000)
            session.rollback()
        if args.skip_scan:
            q = statistics.quantiles(latencies, n=100)
            print(
                f"match one record against {args.size}: p50 {statistics.median(latencies):.1f} ms, "
                f"p99 {q[98]:.1f} ms"
            )
            return
        t = time.perf_counter()
        scan = duplicate_scan.start(session, "bench")
        session.commit()
        cache = duplicate_scan.ProfileCache()
        while not duplicate_scan.step(
            session, duplicate_scan.get_scan(session, scan.id), Thresholds(), cache=cache
        ):
            session.commit()
        session.commit()
        scan_seconds = time.perf_counter() - t
        pairs = duplicate_scan.get_scan(session, scan.id).pairs
    engine.dispose()
    q = statistics.quantiles(latencies, n=100)
    print(
        json.dumps(
            {
                "size": args.size,
                "generate_s": round(generated),
                "load_s": round(loaded),
                "match_p50_ms": round(statistics.median(latencies), 1),
                "match_p99_ms": round(q[98], 1),
                "scan_s": round(scan_seconds),
                "pairs": pairs,
            }
        )
    )
    print(
        f"| {args.size} | {statistics.median(latencies):.1f} | {q[98]:.1f} | {scan_seconds / 60:.1f} min "
        f"| {pairs} | generate {generated:.0f} s, COPY load {loaded:.0f} s |"
    )


if __name__ == "__main__":
    main()

"""A selection over a large register on PostgreSQL (C10): 1,000,000 customers (each with a
current address, a phone and a last contact) and 5,000,000 purchases in the read model.

  python -m bench.selection_scale [--database-url postgresql://postgres@127.0.0.1/crm_selection]
                                  [--customers 1000000] [--purchases 5000000] [--reuse]

The data is made by the database itself (generate_series), then the typical selection —
bought X but not Y in the last year, not contacted for 90 days, postcode in a range — is
counted and its first page of members read, as `POST /api/selections/preview` and the
campaign's pages do. Goal: < 1 s.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from datetime import datetime, timedelta, timezone

import psycopg2
from sqlalchemy.orm import Session

from crm_common.migrate import upgrade
from crm_common.storage import create_db_engine
from services.customer import selections

SKUS = 200  # product X is one of 200, bought in about 1 in 200 purchases

FILL = """
INSERT INTO customers (id, kind, name, given_name, family_name, country, language, categories, tier,
                       newsletter, last_contact_at, created_at, updated_at)
SELECT g, 'person', 'Kund ' || g, 'Kund', 'Nr' || g, 'SE', 'sv', '[]'::jsonb,
       (ARRAY['key', 'major', 'standard', 'small'])[1 + g % 4], g % 3 = 0,
       now() - make_interval(days => ((g * 7919) % 730)::int), now(), now()
FROM generate_series(1::bigint, {customers}) AS g;
INSERT INTO addresses (customer_id, kind, street, postal_code, city, country, valid_from)
SELECT g, 'postal', 'Gatan ' || (g % 97), lpad(((g * 104729) % 90000 + 10000)::text, 5, '0'),
       'Stad', 'SE', now()
FROM generate_series(1::bigint, {customers}) AS g;
INSERT INTO phones (customer_id, e164, raw, label)
SELECT g, '+46' || (ARRAY['8', '31', '40', '70'])[1 + g % 4] || lpad((g % 10000000)::text, 7, '0'),
       'x', 'work'
FROM generate_series(1::bigint, {customers}) AS g;
INSERT INTO sel_purchases (customer_id, order_id, sku, product_group, ordered_at)
SELECT 1 + (g * 7907) % {customers}, g, 'SKU-' || ((g * 31) % {skus}),
       'group-' || ((g * 31) % {skus} % 20),
       now() - make_interval(days => ((g * 13) % 1095)::int)
FROM generate_series(1::bigint, {purchases}) AS g;
SELECT setval(pg_get_serial_sequence('customers', 'id'), {customers});
ANALYZE customers; ANALYZE addresses; ANALYZE phones; ANALYZE sel_purchases;
"""

TYPICAL = {
    "all": [
        {"bought": {"sku": "SKU-7", "from": "LAST_YEAR"}},
        {"not": {"bought": {"sku": "SKU-11", "from": "LAST_YEAR"}}},
        {"not_contacted_days": 90},
        {"postcode_range": {"from": "40000", "to": "44999"}},
    ]
}


def prepare(url: str, customers: int, purchases: int, reuse: bool) -> None:
    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    exists = cur.fetchone() is not None
    if exists and reuse:
        admin.close()
        return
    if exists:
        cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    upgrade("customer", url)
    started = time.perf_counter()
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(FILL.format(customers=int(customers), purchases=int(purchases), skus=SKUS))
    print(
        f"filled {customers:,} customers and {purchases:,} purchases in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.selection_scale")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/crm_selection")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=5_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    args = parser.parse_args()
    prepare(args.database_url, args.customers, args.purchases, args.reuse)
    engine = create_db_engine(args.database_url)
    now = datetime.now(timezone.utc)
    last_year = (now - timedelta(days=365)).date().isoformat()
    criteria = selections.validate(_dated(TYPICAL, last_year))
    counts, pages, found = [], [], 0
    with Session(engine) as session:
        for _ in range(5):
            started = time.perf_counter()
            found = selections.size(session, criteria, "SE", now)
            counts.append(time.perf_counter() - started)
            started = time.perf_counter()
            selections.members(session, criteria, "SE", now, 500)
            pages.append(time.perf_counter() - started)
    engine.dispose()
    print(
        f"\nselection over {args.customers:,} customers and {args.purchases:,} purchases,"
        f" PostgreSQL, {platform.machine()}"
    )
    print("bought SKU-7 in the last year, not SKU-11, not contacted for 90 days, postcode 40000–44999")
    print("| what | median ms | worst ms |\n|---|---|---|")
    print(
        f"| count ({found:,} customers) | {statistics.median(counts) * 1000:.0f} | {max(counts) * 1000:.0f} |"
    )
    print(f"| first page of 500 members | {statistics.median(pages) * 1000:.0f} | {max(pages) * 1000:.0f} |")


def _dated(criteria, day: str):
    if isinstance(criteria, dict):
        return {k: (day if v == "LAST_YEAR" else _dated(v, day)) for k, v in criteria.items()}
    if isinstance(criteria, list):
        return [_dated(v, day) for v in criteria]
    return criteria


if __name__ == "__main__":
    main()

"""Orders per second through the gateway with concurrent clients, and the oversell check
under that load: every order asks for one unit of a product that has stock for only half
of them, so exactly that many lines may ship now, however the requests interleave.

  python -m bench.orders [--clients 20] [--orders 2000] [--separate] [--postgres URL-prefix]

--separate runs each service and the gateway in a process of its own, as the containers
of deploy/docker-compose.yml do; without it everything shares one process, as `make run`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import threading
import time
import uuid
from http.client import HTTPConnection

from crm_common.outbox import UNROUTED_GRACE
from tests.stack import Stack

CUSTOMERS_PER_CLIENT = 10  # each client is an agent serving customers in turn


def setup(stack: Stack, clients: int, scarce: int) -> tuple[list[list[int]], str, str]:
    tag = uuid.uuid4().hex[:6].upper()
    last, plenty = f"LAST-{tag}", f"PLENTY-{tag}"
    for sku, units in ((last, scarce), (plenty, 10_000_000)):
        stack.request(
            "POST",
            "/api/products",
            role="admin",
            json={"sku": sku, "name": sku, "price": "10.00", "stock_on_hand": units},
        ).raise_for_status()
    customers = []
    for i in range(clients * CUSTOMERS_PER_CLIENT):
        r = stack.request(
            "POST",
            "/api/customers",
            role="supervisor",  # a credit limit is a supervisor's to give
            json={
                "kind": "organisation",
                "name": f"Bench Company {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{i} {tag}",
                "credit_limit": "100000000.00",
            },
            params={"confirm_new": "true"},
        )
        r.raise_for_status()
        customers.append(r.json()["id"])
    return [customers[c::clients] for c in range(clients)], last, plenty


def run(stack: Stack, customers: list[list[int]], last: str, plenty: str, per_client: int) -> dict:
    token = stack.token("agent")
    latencies: list[float] = []
    shipping_now = 0
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(customers) + 1)

    def client(mine_customers: list[int]) -> None:
        """A lean keep-alive HTTP client, so the measuring takes little of the cores the
        system under test runs on."""
        nonlocal shipping_now
        http = HTTPConnection("127.0.0.1", stack.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        mine, got = [], 0
        start.wait()
        for n in range(per_client):
            cid = mine_customers[n % len(mine_customers)]
            body = {
                "customer_id": cid,
                "lines": [{"sku": last, "quantity": 1}, {"sku": plenty, "quantity": 1}],
            }
            t = time.perf_counter()
            http.request("POST", "/api/orders", body=json.dumps(body), headers=headers)
            response = http.getresponse()
            text = response.read()
            mine.append((time.perf_counter() - t) * 1000)
            if response.status != 201:
                with lock:
                    errors.append(f"{response.status} {text[:200]!r}")
                continue
            got += json.loads(text)["lines"][0]["ships_now"]
        http.close()
        with lock:
            latencies.extend(mine)
            shipping_now += got

    threads = [threading.Thread(target=client, args=(cid,)) for cid in customers]
    [t.start() for t in threads]
    start.wait()
    began = time.perf_counter()
    [t.join() for t in threads]
    wall = time.perf_counter() - began
    return {"latencies": latencies, "wall": wall, "shipping_now": shipping_now, "errors": errors}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.orders")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--orders", type=int, default=2000, help="in all, spread over the clients")
    parser.add_argument("--separate", action="store_true", help="a process per service")
    parser.add_argument(
        "--order-instances",
        type=int,
        default=1,
        help="order service processes sharing its queue (with --separate)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=UNROUTED_GRACE.total_seconds(),
        help="seconds after start before measuring: past the outbox's start-up grace, as in steady state",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL_PREFIX",
        help="e.g. postgresql://postgres@127.0.0.1:5432/ — each service gets a fresh database there",
    )
    args = parser.parse_args(argv)
    env = {}
    if args.postgres:
        env = _fresh_postgres(args.postgres)
    extra = ("services.order.service:OrderService",) * (args.order_instances - 1)
    stack = Stack(separate=args.separate, extra_env=env, extra_modules=extra).start()
    per_client = args.orders // args.clients
    total = per_client * args.clients
    scarce = total // 2
    started = time.monotonic()
    try:
        customers, last, plenty = setup(stack, args.clients, scarce)
        for cid in sum(customers, []):  # warm: connections, caches (the scarce product is not touched)
            stack.request(
                "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": plenty, "quantity": 1}]}
            ).raise_for_status()
        time.sleep(max(0.0, args.settle - (time.monotonic() - started)))
        result = run(stack, customers, last, plenty, per_client)
        product = {p["sku"]: p for p in stack.request("GET", "/api/products").json()}[last]
    finally:
        stack.stop()
    lat = result["latencies"]
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0] * 99
    oversold = max(0, result["shipping_now"] - scarce) + max(0, product["reserved"] - scarce)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    layout = "a process per service" if args.separate else "one process"
    if args.order_instances > 1:
        layout += f", {args.order_instances} order service instances"
    print(
        f"\nOrders through the gateway, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {backend}, {layout}\n"
    )
    print(
        "| clients | orders | errors | orders/s | p50 ms | p99 ms | lines shipping now / stock | oversold |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.clients} | {total} | {len(result['errors'])} | {len(lat) / result['wall']:.0f} "
        f"| {statistics.median(lat):.1f} | {q[98]:.1f} | {result['shipping_now']} / {scarce} | {oversold} |"
    )
    for error in result["errors"][:5]:
        print("error:", error)


def _fresh_postgres(prefix: str) -> dict:
    """A new database per service under the server at `prefix` (the gateway's logins stay
    in SQLite, where the stack puts its users)."""
    from sqlalchemy import create_engine, text

    from crm_common.storage import driver_url

    tag = uuid.uuid4().hex[:6]
    env = {}
    admin = create_engine(driver_url(prefix.rstrip("/") + "/postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for service in ("customer", "order", "case", "messaging", "telephony"):
            name = f"bench_{service}_{tag}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            env[f"{service.upper()}_DATABASE_URL"] = prefix.rstrip("/") + "/" + name
    admin.dispose()
    return env


if __name__ == "__main__":
    main()

"""Round trips on this machine, in one run, each beside the bare broker round trip:

bare kombu request/reply → nameko RPC (trivial) → nameko RPC (get_customer)
→ gateway HTTP with one RPC hop → the 360° view (six RPC calls in parallel)

  python -m bench.roundtrip [--calls 1000]
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

from kombu import Connection, Exchange, Producer, Queue  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

from tests.stack import Stack  # noqa: E402


def timed(fn, calls: int, warmup: int = 50) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(calls):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def bare_kombu(amqp_uri: str, calls: int) -> list[float]:
    """A minimal request/reply over the same broker: the floor under any RPC."""
    uri = amqp_uri.replace("pyamqp://", "amqp://")
    server_conn, client_conn = Connection(uri), Connection(uri)
    request_q = Queue(
        f"bench-req-{uuid.uuid4().hex[:6]}", exchange=Exchange("", type="direct"), auto_delete=True
    )
    reply_q = Queue(f"bench-reply-{uuid.uuid4().hex[:6]}", exclusive=True, auto_delete=True)
    replies = eventlet.queue.LightQueue()

    def serve():
        with server_conn.Consumer(request_q, accept=["json"], callbacks=[on_request]):
            while True:
                server_conn.drain_events()

    producer = Producer(server_conn.channel())

    def on_request(body, message):
        producer.publish(
            body,
            routing_key=message.properties["reply_to"],
            correlation_id=message.properties["correlation_id"],
            serializer="json",
        )
        message.ack()

    def on_reply(body, message):
        replies.put(body)
        message.ack()

    request_q(server_conn.channel()).declare()
    server = eventlet.spawn(serve)
    client_producer = Producer(client_conn.channel())
    consumer = client_conn.Consumer(reply_q, accept=["json"], callbacks=[on_reply])
    consumer.consume()

    def one():
        client_producer.publish(
            {"v": 1},
            routing_key=request_q.name,
            reply_to=reply_q.name,
            correlation_id=uuid.uuid4().hex,
            serializer="json",
        )
        while replies.empty():
            client_conn.drain_events(timeout=5)
        replies.get()

    try:
        return timed(one, calls)
    finally:
        server.kill()
        server_conn.collect()  # the killed server was reading it; drop without a handshake
        client_conn.release()


def row(name: str, samples: list[float], floor: float) -> str:
    q = statistics.quantiles(samples, n=100)
    p50, p99 = statistics.median(samples), q[98]
    return f"| {name} | {p50:.2f} | {p99:.2f} | {1000 / statistics.mean(samples):.0f} | {p50 / floor:.1f}× |"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.roundtrip")
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args(argv)
    stack = Stack(extra_modules=("bench.echo:EchoService",)).start()
    try:
        r = stack.request(
            "POST",
            "/api/customers",
            json={
                "kind": "person",
                "name": "Bench Person",
                "phones": [{"number": "08-123 45 67"}],
                "emails": [{"address": "bench@example.se"}],
                "addresses": [{"street": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm"}],
            },
        )
        cid = r.json()["id"]
        stack.request("POST", f"/api/customers/{cid}/notes", json={"text": "a note"})
        stack.request("POST", "/api/cases", json={"customer_id": cid, "subject": "bench"})
        headers = {"Authorization": f"Bearer {stack.token('agent')}"}
        results = {"bare": bare_kombu(stack.amqp_uri, args.calls)}
        with ClusterRpcProxy({"AMQP_URI": stack.amqp_uri}, timeout=10) as rpc:
            results["rpc_echo"] = timed(lambda: rpc.bench_echo.echo(1), args.calls)
            results["rpc_customer"] = timed(lambda: rpc.customer.get_customer(cid), args.calls)
        http = stack.http
        customer_url, overview_url = (
            stack.url(f"/api/customers/{cid}"),
            stack.url(f"/api/customers/{cid}/overview"),
        )
        results["gateway"] = timed(
            lambda: http.get(customer_url, headers=headers).raise_for_status(), args.calls
        )
        results["overview"] = timed(
            lambda: http.get(overview_url, headers=headers).raise_for_status(), args.calls
        )
    finally:
        stack.stop()
    floor = statistics.median(results["bare"])
    print(
        f"\nRound trips, {args.calls} sequential calls each, {time.strftime('%Y-%m-%d')}, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, "
        f"SQLite, broker on this machine\n"
    )
    print("| what | p50 ms | p99 ms | calls/s | p50 vs bare |")
    print("|---|---|---|---|---|")
    names = {
        "bare": "bare kombu request/reply",
        "rpc_echo": "nameko RPC, trivial echo",
        "rpc_customer": "nameko RPC, customer.get_customer",
        "gateway": "gateway GET /api/customers/{id} (1 RPC hop)",
        "overview": "gateway 360° view (9 RPC calls in parallel)",
    }
    for key, name in names.items():
        print(row(name, results[key], floor))


if __name__ == "__main__":
    main()

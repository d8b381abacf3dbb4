"""Messages rendered and handed to a real SMTP server per second (M5, M6).

  python -m bench.messages [--messages 5000]

Renders order confirmations into a migrated messaging database (one transaction per 100
events, as a burst of events would arrive), then sends them the way the messaging
service's timer does: claim a batch of 200, send it over two SMTP connections at once to
aiosmtpd (in its own process, accepting and discarding), mark the batch. Goal: ≥ 500 messages/s
rendered and queued, and handed to SMTP.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from crm_common.clock import utcnow
from crm_common.migrate import upgrade
from crm_common.storage import UnitOfWork, create_db_engine
from services.messaging import delivery, outgoing, transports
from services.messaging.models import Message

BATCH = 200
CONNECTIONS = int(os.environ.get("CRM_SEND_CONNECTIONS", "2"))  # as the service


def smtp_sink() -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.time() > deadline:
                server.kill()
                raise
            time.sleep(0.1)


def render(uow: UnitOfWork, count: int) -> float:
    started = time.perf_counter()
    for first in range(0, count, 100):
        with uow.transaction() as session:
            for n in range(first, min(first + 100, count)):
                customer = {"id": n + 1, "name": f"Kund {n}", "emails": [{"address": f"kund{n}@example.se"}]}
                order = {"order_id": n + 1, "total": "349.00", "currency": "SEK", "status": "placed"}
                outgoing.compose(session, "order_confirmation", f"bench:{n}", customer, {"order": order})
    return time.perf_counter() - started


def send(uow: UnitOfWork, port: int) -> float:
    started = time.perf_counter()
    address = transports.SmtpAddress.parse(f"smtp://127.0.0.1:{port}")
    while True:
        with uow.transaction() as session:
            batch = delivery.claim(session, utcnow(), BATCH)
        if not batch:
            return time.perf_counter() - started

        def send_part(part):
            sender = transports.SmtpTransport(address, "Kundtjänst <service@crm.example>", "crm.example")
            return transports.send_each(part, sender)

        with ThreadPoolExecutor(CONNECTIONS) as pool:
            done = [
                (message.id, *detail)
                for outcomes in pool.map(send_part, transports.parts(batch, CONNECTIONS))
                for message, outcome, detail in outcomes
                if outcome == "sent"
            ]
        with uow.transaction() as session:
            for message_id, ref, header in done:
                delivery.sent(session, message_id, ref, header, utcnow())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.messages")
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    url = f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='crm-messages-'), 'messaging.db')}"
    upgrade("messaging", url)
    engine = create_db_engine(url)
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    server, port = smtp_sink()
    try:
        rendering = render(uow, args.messages)
        sending = send(uow, port)
    finally:
        server.kill()
        server.wait()
    with uow.read() as session:
        sent = session.scalar(select(func.count()).where(Message.status == "sent"))
    engine.dispose()
    print(f"\nmessages, {args.messages} order confirmations, SQLite, aiosmtpd, {platform.machine()}")
    print("| what | per second | total s |\n|---|---|---|")
    print(
        f"| rendered and queued (Jinja2 sandbox, 100 per transaction) | {args.messages / rendering:.0f}"
        f" | {rendering:.2f} |"
    )
    print(
        f"| handed to SMTP and marked sent ({CONNECTIONS} connections) | {sent / sending:.0f}"
        f" | {sending:.2f} |"
    )
    total = rendering + sending
    print(f"| both, end to end | {sent / total:.0f} | {total:.2f} |")
    assert sent == args.messages, f"only {sent} of {args.messages} were sent"


if __name__ == "__main__":
    main()

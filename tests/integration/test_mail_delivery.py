"""Mail really goes out (M5, M6), to a real SMTP server (aiosmtpd in its own process):
once per message however often its event arrives, threaded under the customer's mail,
retried while the server is down and delivered when it is back, and a refusal ends as a
visible failure with the server's reason."""

import mailbox
import time
import uuid
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from nameko.standalone.events import event_dispatcher
from sqlalchemy import select

from crm_common.clock import utcnow
from crm_common.storage import create_db_engine
from services.messaging.models import Message
from services.messaging.service import MessagingService
from tests.integration.test_events_never_lost import wait_until
from tests.mail_server import start_smtp
from tests.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp(tmp_path, monkeypatch):
    """A real SMTP server; messaging is configured to send through it."""
    port, box = free_port(), tmp_path / "maildir"
    monkeypatch.setenv("CRM_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("CRM_MAIL_FROM", "Kundtjänst <service@crm.example>")
    servers = []

    class Smtp:
        def start(self):
            servers.append(start_smtp(port, box))

        def mails(self):
            return list(mailbox.Maildir(box, create=False)) if box.exists() else []

    yield Smtp()
    for server in servers:
        server.kill()
        server.wait()


def reply_event(recipient: str, entry_id: int) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "case_replied",
        "occurred_at": utcnow().isoformat(),
        "data": {
            "case_id": 1,
            "number": "2026-000042",
            "customer_id": None,
            "recipient": recipient,
            "entry_id": entry_id,
            "subject": "[#2026-000042] Trasig slang",
            "body": "Vi skickar en ny slang i dag.",
            "author": "ann",
            "message_id": f"<case-2026-000042.{entry_id}@crm.example>",
            "in_reply_to": "<first@example.se>",
            "channel": "email",
        },
    }


def statuses(url):
    engine = create_db_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Message.recipient, Message.status, Message.attempts, Message.failure)
        ).all()
    engine.dispose()
    return rows


def test_a_reply_is_sent_once_threaded_even_when_its_event_comes_twice(smtp, config, container_factory):
    smtp.start()
    container_factory(MessagingService, config).start()
    dispatch = event_dispatcher(config)
    event = reply_event("greta@example.se", 7)
    dispatch("case", "case_replied", event)
    assert wait_until(lambda: len(smtp.mails()) == 1)
    dispatch("case", "case_replied", event)  # redelivered
    dispatch("case", "case_replied", {**event, "event_id": str(uuid.uuid4())})  # the same reply, a new event
    time.sleep(1)
    (mail,) = smtp.mails()
    assert mail["To"] == "greta@example.se" and mail["Subject"] == "[#2026-000042] Trasig slang"
    assert mail["Message-ID"] == "<case-2026-000042.7@crm.example>"  # what threads the answer back
    assert mail["In-Reply-To"] == "<first@example.se>" and mail["Auto-Submitted"] is None
    assert str(make_header(decode_header(mail["From"]))) == "Kundtjänst <service@crm.example>"
    assert "Vi skickar en ny slang i dag." in mail.get_payload(decode=True).decode()
    url = config["DATABASE_URLS"]["messaging"]
    # the mail arrives before its row is marked sent: wait for the row itself
    assert wait_until(lambda: statuses(url) == [("greta@example.se", "sent", 1, None)]), statuses(url)


def test_while_the_server_is_down_mail_waits_and_goes_when_it_is_back(smtp, config, container_factory):
    container_factory(MessagingService, config).start()
    event_dispatcher(config)("case", "case_replied", reply_event("bo@example.se", 8))
    url = config["DATABASE_URLS"]["messaging"]
    assert wait_until(lambda: (s := statuses(url)) and s[0][2] >= 2)  # tried twice, still queued
    (recipient, status, _, failure) = statuses(url)[0]
    assert status in ("queued", "sending") and "ECONNREFUSED" in failure or "refused" in failure.lower()
    smtp.start()
    assert wait_until(lambda: statuses(url)[0][1] == "sent", timeout=20)
    assert len(smtp.mails()) == 1


def test_a_refused_recipient_fails_visibly_with_the_servers_reason(smtp, config, container_factory):
    smtp.start()
    container_factory(MessagingService, config).start()
    event_dispatcher(config)("case", "case_replied", reply_event("nobody@example.se", 9))
    url = config["DATABASE_URLS"]["messaging"]
    assert wait_until(lambda: statuses(url)[0][1] == "failed" if statuses(url) else False)
    assert statuses(url)[0][3] == "550 5.1.1 no such user here" and smtp.mails() == []

"""A case is answered on the channel it came by (K3, M6), through the real services and
transports: the agent's reply to an SMS case is texted back through the SMS provider's
HTTP API, and a chat case, for which there is no chat transport, is answered by e-mail to
the address the chat gave."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from services.case.service import CaseService
from services.customer.service import CustomerService
from services.messaging.service import MessagingService
from tests.integration.sms_provider import KEY
from tests.integration.test_events_never_lost import wait_until
from tests.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def texts(tmp_path, monkeypatch):
    """The SMS provider's HTTP API in its own process: what it accepted."""
    port, sent = free_port(), tmp_path / "sent.jsonl"
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.sms_provider", str(port), str(sent)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monkeypatch.setenv("CRM_SMS_URL", f"http://127.0.0.1:{port}/messages")
    monkeypatch.setenv("CRM_SMS_KEY", KEY)
    monkeypatch.setenv("CRM_DATA_DIR", str(tmp_path))  # the e-mail's .eml file lands here
    yield lambda: [json.loads(line) for line in sent.read_text().splitlines()] if sent.exists() else []
    server.kill()
    server.wait()


def test_an_sms_case_is_answered_by_sms_and_a_chat_case_by_email(texts, tmp_path, config, container_factory):
    for service in (CustomerService, CaseService, MessagingService):
        container_factory(service, config).start()
    with ClusterRpcProxy(config) as rpc:
        sms = rpc.case.receive_message(
            {"channel": "sms", "sender": "+46701234568", "text": "Slangen läcker", "message_id": "sms-1"}
        )["case"]
        chat = rpc.case.receive_message(
            {"channel": "chat", "sender": "bo.chat@example.se", "text": "Hej, var är paketet?"}
        )["case"]
        assert sms["customer_id"] and chat["customer_id"]  # both registered as new customers
        texted = rpc.case.reply(sms["id"], {"body": "Vi skickar en ny slang i dag."}, "ann")
        mailed = rpc.case.reply(chat["id"], {"body": "Paketet kommer i morgon."}, "ann")
        assert (texted["channel"], mailed["channel"]) == ("sms", "email")
        replies = lambda: [t for t in texts() if t["text"].startswith("Vi skickar")]  # noqa: E731
        assert wait_until(replies, timeout=20)
        (sent,) = replies()
        assert sent["to"] == "+46701234568" and sent["text"].startswith("Vi skickar en ny slang i dag.")
        assert f"(case {sms['number']})" in sent["text"]
        assert wait_until(
            lambda: (
                [m["status"] for m in rpc.messaging.list_outgoing("bo.chat@example.se", "case_reply")]
                == ["sent"]
            ),
            timeout=20,
        )
        (mail,) = rpc.messaging.list_outgoing("bo.chat@example.se", "case_reply")
        assert mail["channel"] == "email" and "Paketet kommer i morgon." in mail["body"]
        assert rpc.messaging.list_outgoing("+46701234568", "case_reply") == []  # not by e-mail

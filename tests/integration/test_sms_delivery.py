"""SMS goes out through the provider's HTTP API (M6): an answer to a case that came by
SMS is texted back once, and a number the provider refuses fails visibly."""

import json
import subprocess
import sys
import time
import uuid

import pytest
from nameko.standalone.events import event_dispatcher

from services.messaging.service import MessagingService
from tests.integration.sms_provider import KEY
from tests.integration.test_events_never_lost import wait_until
from tests.integration.test_mail_delivery import ROOT, reply_event, statuses
from tests.stack import free_port


@pytest.fixture
def provider(tmp_path, monkeypatch):
    port, sent = free_port(), tmp_path / "sent.jsonl"
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.sms_provider", str(port), str(sent)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monkeypatch.setenv("CRM_SMS_URL", f"http://127.0.0.1:{port}/messages")
    monkeypatch.setenv("CRM_SMS_KEY", KEY)
    time.sleep(0.5)
    yield lambda: [json.loads(line) for line in sent.read_text().splitlines()] if sent.exists() else []
    server.kill()
    server.wait()


def sms_reply(number: str, entry_id: int) -> dict:
    event = reply_event(number, entry_id)
    event["data"]["channel"] = "sms"
    return event


def test_an_answer_to_an_sms_case_is_texted_once_and_a_refused_number_fails(
    provider, config, container_factory
):
    container_factory(MessagingService, config).start()
    dispatch = event_dispatcher(config)
    event = sms_reply("+46701234567", 21)
    dispatch("case", "case_replied", event)
    dispatch("case", "case_replied", {**event, "event_id": str(uuid.uuid4())})
    dispatch("case", "case_replied", sms_reply("+46700000000", 22))
    url = config["DATABASE_URLS"]["messaging"]
    assert wait_until(lambda: {s[1] for s in statuses(url)} == {"sent", "failed"})
    (texted,) = provider()
    assert texted["to"] == "+46701234567" and texted["text"].startswith("Vi skickar en ny slang i dag.")
    assert "(case 2026-000042)" in texted["text"]
    failed = next(s for s in statuses(url) if s[1] == "failed")
    assert failed[0] == "+46700000000" and "number not in service" in failed[3]

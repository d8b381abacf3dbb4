"""The way out (M5): a message is claimed by one sender only, retried with a growing
pause after a sure failure, failed after the last attempt, and never sent again after a
send that was interrupted halfway."""

import email
import email.policy
from datetime import timedelta

import pytest

from crm_common.clock import utcnow
from services.messaging import delivery, outgoing, transports
from services.messaging.models import Base, Message


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def queue(session, n=1):
    customer = {"id": 1, "name": "Åsa", "emails": [{"address": "asa@example.se"}]}
    for i in range(n):
        outgoing.confirm_case(session, {"case_id": i, "number": f"2026-{i:06d}", "subject": "s"}, customer)


def test_a_message_is_claimed_by_one_sender_only(uow):
    now = utcnow()
    with uow.transaction() as session:
        queue(session, 3)
        first = delivery.claim(session, now, 2)
        second = delivery.claim(session, now, 10)
        assert [m.id for m in first] == [1, 2] and [m.id for m in second] == [3]
        assert delivery.claim(session, now, 10) == []
        assert {m.status for m in first + second} == {"sending"}


def test_sure_failures_wait_longer_each_time_and_end_as_failed(uow):
    now = utcnow()
    pause = timedelta(seconds=10)
    with uow.transaction() as session:
        queue(session)
        waits = []
        for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
            (message,) = delivery.claim(session, now + timedelta(days=attempt), 1)
            assert message.attempts == attempt
            outcome = delivery.retry_later(
                session, message, "421 try later", now + timedelta(days=attempt), pause
            )
            session.refresh(message)
            if outcome == "queued":
                waits.append(message.next_attempt_at - (now + timedelta(days=attempt)))
        assert waits[:3] == [pause, pause * 2, pause * 4]
        assert message.status == "failed" and "gave up after 8 attempts: 421 try later" == message.failure


def test_a_send_interrupted_halfway_is_not_sent_again(uow):
    now = utcnow()
    with uow.transaction() as session:
        queue(session)
        (message,) = delivery.claim(session, now, 1)  # then the process dies mid-send
        assert delivery.interrupted(session, now + delivery.LEASE - timedelta(seconds=1)) == 0
        assert delivery.interrupted(session, now + delivery.LEASE + timedelta(seconds=1)) == 1
        assert delivery.claim(session, now + timedelta(hours=1), 10) == []
        assert session.get(Message, message.id, populate_existing=True).failure == delivery.INTERRUPTED


def test_a_mail_with_an_html_part_goes_as_text_and_html_alternatives():
    message = Message(
        id=3,
        recipient="asa@example.se",
        subject="Hej – åäö",
        body="Hej Åsa",
        template="x",
        html_body="<p>Hej Åsa</p>",
        message_id=None,
        in_reply_to=None,
    )
    mail = transports.mail_of(message, "Kundtjänst <service@crm.example>", "crm.example")
    parsed = email.message_from_bytes(mail.as_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content().strip() == "Hej Åsa"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Hej Åsa</p>"
    assert parsed["Subject"] == "Hej – åäö" and parsed["Auto-Submitted"] == "auto-generated"

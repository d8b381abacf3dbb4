"""A portal login link reaches the customer's mail only: the stored message, its API form
and a development .eml hold a placeholder, the link waits encrypted until it is sent and
is wiped then. And a line break in a subject breaks neither the mail nor its batch."""

import email
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.messaging import MessageOut
from services.messaging import delivery, outgoing, sealing, transports
from services.messaging.models import Base, Message

LINK = "http://crm.example/portal#/link/s3cret-T0ken_value"
CUSTOMER = {"id": 1, "name": "Åsa", "emails": [{"address": "asa@example.se"}]}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def login_mail(session, key="manual:1"):
    return outgoing.compose(
        session,
        "portal_login_link",
        key,
        CUSTOMER,
        {"minutes": 20},
        channel="email",
        secret_values={"link": LINK},
    )


class Kept:
    """A transport that keeps what it was handed."""

    def __init__(self, delivers=True):
        self.delivers, self.sent = delivers, []

    def send(self, message):
        self.sent.append(message)
        return f"kept:{message.id}", f"<{message.id}@crm.example>"

    def close(self):
        pass


def test_the_link_is_kept_only_sealed_and_shown_nowhere(uow):
    with uow.transaction() as session:
        message = login_mail(session)
        assert "[login link removed]" in message.body and LINK not in message.body
        assert message.sealed and "s3cret" not in message.sealed
        shown = dump(MessageOut, message)
        assert "sealed" not in shown and LINK not in str(shown)
        assert LINK not in str(dump(MessageOut, outgoing.messages_to(session, 1), many=True))


def test_the_transport_that_delivers_gets_the_link_and_sending_wipes_it(uow):
    now = utcnow()
    with uow.transaction() as session:
        login_mail(session)
        (claimed,) = delivery.claim(session, now, 10)
        smtp = Kept()
        ((message, outcome, (ref, header)),) = transports.send_each([claimed], smtp)
        assert outcome == "sent" and LINK in smtp.sent[0].body
        assert LINK not in claimed.body  # the row's own object is untouched
        delivery.sent(session, message.id, ref, header, now)
        stored = session.get(Message, message.id, populate_existing=True)
        assert stored.sealed is None and LINK not in stored.body and stored.status == "sent"


def test_a_waiting_retry_keeps_the_link_sealed_and_a_final_failure_wipes_it(uow):
    now = utcnow()
    with uow.transaction() as session:
        login_mail(session)
        (claimed,) = delivery.claim(session, now, 10)
        delivery.retry_later(session, claimed, "421 later", now, timedelta(seconds=1))
        assert session.get(Message, claimed.id, populate_existing=True).sealed
        (again,) = delivery.claim(session, now + timedelta(hours=1), 10)
        assert LINK in sealing.opened(again).body
        delivery.failed(session, again.id, "550 no")
        assert session.get(Message, again.id, populate_existing=True).sealed is None


def test_an_interrupted_send_wipes_the_link(uow):
    now = utcnow()
    with uow.transaction() as session:
        login_mail(session)
        delivery.claim(session, now, 10)
        assert delivery.interrupted(session, now + delivery.LEASE * 2) == 1
        stored = session.scalars(select(Message).execution_options(populate_existing=True)).one()
        assert stored.sealed is None and stored.status == "failed"


def test_the_eml_file_of_development_holds_the_placeholder(uow, tmp_path):
    with uow.transaction() as session:
        login_mail(session)
        batch = delivery.claim(session, utcnow(), 10)
    files = transports.FileTransport(tmp_path, "Service <s@crm.example>", "crm.example")
    ((_, outcome, _),) = transports.send_each(batch, files)
    (eml,) = tmp_path.glob("*.eml")
    raw = eml.read_bytes()
    assert outcome == "sent" and b"s3cret" not in raw
    body = email.message_from_bytes(raw).get_payload(decode=True).decode()
    assert "[login link removed]" in body


def test_a_seal_made_with_another_secret_key_fails_visibly(uow):
    with uow.transaction() as session:
        message = login_mail(session)
        message.sealed = sealing.seal({"link": LINK}, secret_key="another key")
        session.flush()
        batch = delivery.claim(session, utcnow(), 10)
    ((_, outcome, reason),) = transports.send_each(batch, Kept())
    assert outcome == "failed" and "cannot be opened" in reason


def test_a_link_in_the_html_part_is_escaped_for_html():
    message = Message(
        id=1, subject="s", body="[login link removed]", html_body='<a href="[login link removed]">'
    )
    message.sealed = sealing.seal({"link": "http://x/?a=1&b=2"})
    out = sealing.opened(message)
    assert out.body == "http://x/?a=1&b=2" and out.html_body == '<a href="http://x/?a=1&amp;b=2">'


# -- a line break in a subject (header injection) ----------------------------------------


def test_a_line_break_in_a_rendered_subject_is_folded_into_a_space(uow):
    with uow.transaction() as session:
        reply = {
            "entry_id": 1,
            "channel": "email",
            "number": "2026-000001",
            "subject": "Broken\r\nBcc: all@example.se",
            "body": "b",
        }
        message = outgoing.reply_to_case(session, reply, CUSTOMER)
        assert "\r" not in message.subject and "\n" not in message.subject
        assert "Broken Bcc: all@example.se" in message.subject


def test_a_line_break_stored_in_a_subject_makes_one_header_line():
    message = Message(
        id=1,
        template="case_reply",
        recipient="asa@example.se",
        subject="Hello\r\nBcc: all@example.se",
        body="b",
        in_reply_to="<a@x>\r\nX-Evil: 1",
    )
    mail = email.message_from_bytes(transports.mail_of(message, "s@crm.example", "crm.example").as_bytes())
    assert mail["Subject"] == "Hello Bcc: all@example.se" and mail["Bcc"] is None and mail["X-Evil"] is None


def test_a_message_that_cannot_be_made_into_a_mail_fails_alone(tmp_path):
    good = [Message(id=i, template="t", recipient=f"r{i}@example.se", subject="ok", body="b") for i in (1, 3)]
    bad = Message(
        id=2, template="t", recipient="x@example.se\r\nRCPT TO:<all@example.se>", subject="s", body="b"
    )
    files = transports.FileTransport(tmp_path, "s@crm.example", "crm.example")
    outcomes = transports.send_each([good[0], bad, good[1]], files)
    assert [(m.id, o) for m, o, _ in outcomes] == [(1, "sent"), (2, "failed"), (3, "sent")]

    class Explodes(Kept):
        def send(self, message):
            if message.id == 2:
                raise ValueError("something no one foresaw")
            return super().send(message)

    outcomes = transports.send_each([good[0], bad, good[1]], Explodes())
    assert [(m.id, o) for m, o, _ in outcomes] == [(1, "sent"), (2, "failed"), (3, "sent")]
    assert "something no one foresaw" in outcomes[1][2]

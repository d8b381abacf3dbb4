"""A person's messages: exported (GDPR art. 15), erased to date, channel and template
(art. 17); one still waiting is never sent."""

from datetime import datetime, timezone

import pytest

from services.messaging import delivery, personal_data, settings_admin
from services.messaging.models import Base, Message

NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for cid, status, to in (
            (7, "sent", "asa@example.se"),
            (7, "queued", "asa@example.se"),
            (8, "sent", "bo@example.se"),
        ):
            session.add(
                Message(
                    customer_id=cid,
                    channel="email",
                    template="case_opened",
                    recipient=to,
                    subject="Your case [#2026-0001] Åsa's broken spade",
                    body=f"Dear {to}, we got your message",
                    status=status,
                    sent_at=NOW if status == "sent" else None,
                    next_attempt_at=None if status == "sent" else NOW,
                    attempts=0,
                    created_at=NOW,
                )
            )
        settings_admin.opt_out(session, 7, "sms", None, NOW)
    return uow


def test_the_export_holds_the_persons_messages_and_opt_outs(uow):
    with uow.read() as session:
        got = personal_data.export(session, [7])
    assert [(m["recipient"], m["status"]) for m in got["messages"]] == [
        ("asa@example.se", "sent"),
        ("asa@example.se", "queued"),
    ]
    assert [(o["channel"], o["topic"]) for o in got["opt_outs"]] == [("sms", None)]


def test_an_erased_message_keeps_date_channel_and_template_and_a_waiting_one_is_never_sent(uow):
    with uow.transaction() as session:
        assert personal_data.erase(session, [7]) == 2
    with uow.read() as session:
        sent, waiting = personal_data.export(session, [7])["messages"]
        (other,) = personal_data.export(session, [8])["messages"]
    assert (sent["channel"], sent["template"], sent["status"]) == ("email", "case_opened", "sent")
    assert sent["sent_at"] and sent["created_at"]
    assert "asa@example.se" not in str([sent, waiting]) and "Åsa" not in str([sent, waiting])
    assert waiting["status"] == "failed" and waiting["recipient"] is None
    assert other["recipient"] == "bo@example.se"
    with uow.transaction() as session:
        assert delivery.claim(session, NOW, 10) == []  # nothing left to send


def test_messages_to_the_persons_address_or_number_with_no_customer_go_too(uow):
    """A case's confirmation to an unknown sender names no customer: the erasure finds it
    by the e-mails and phones the event carries."""
    with uow.transaction() as session:
        for channel, status, to in (
            ("email", "sent", "Asa@Example.se"),
            ("sms", "queued", "070-123 45 67"),
            ("sms", "sent", "+46709999999"),
            ("email", "sent", "bo@example.se"),
        ):
            session.add(
                Message(
                    customer_id=None,
                    channel=channel,
                    template="case_opened",
                    recipient=to,
                    subject="Your case",
                    body=f"Dear {to}",
                    status=status,
                    next_attempt_at=None if status == "sent" else NOW,
                    attempts=0,
                    created_at=NOW,
                )
            )
    held = {"emails": ["asa@example.se"], "phones": ["+46701234567"]}
    with uow.transaction() as session:
        assert personal_data.erase_sent_to(session, {"customer_ids": [7], "until_published": held}) == 2
        assert personal_data.erase_sent_to(session, {"customer_ids": [7]}) == 0
    with uow.read() as session:
        left = {(m.recipient, m.status) for m in session.query(Message).filter(Message.customer_id.is_(None))}
    assert left == {(None, "sent"), (None, "failed"), ("+46709999999", "sent"), ("bo@example.se", "sent")}
    with uow.transaction() as session:
        assert [m.customer_id for m in delivery.claim(session, NOW, 10)] == [7]  # Åsa's own, still queued


def test_an_erased_messages_copy_on_disk_goes_too(uow, tmp_path):
    """A letter waits as a PDF for the printer; with no mail server, a mail is an .eml."""
    letter, mail, other = tmp_path / "00000001.pdf", tmp_path / "00000002.eml", tmp_path / "00000003.pdf"
    for path in (letter, mail, other):
        path.write_bytes(b"Asa Lindqvist, Storgatan 1")
    with uow.transaction() as session:
        for cid, channel, ref in (
            (7, "letter", f"letter:{letter}"),
            (7, "email", f"file:{mail}"),
            (7, "sms", "provider-id-17"),
            (7, "letter", f"letter:{tmp_path / 'printed-and-gone.pdf'}"),
            (8, "letter", f"letter:{other}"),
        ):
            session.add(
                Message(
                    customer_id=cid,
                    channel=channel,
                    template="statement",
                    recipient="Asa Lindqvist",
                    subject="Statement",
                    body="Dear Asa",
                    status="sent",
                    sent_at=NOW,
                    provider_ref=ref,
                    attempts=1,
                    created_at=NOW,
                )
            )
    with uow.transaction() as session:
        personal_data.erase(session, [7])
    assert not letter.exists() and not mail.exists()
    assert other.read_bytes() == b"Asa Lindqvist, Storgatan 1"  # another person's letter

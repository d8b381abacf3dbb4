"""Through a real SMTP server (aiosmtpd in its own process): the customer's mail carries
their portal login link while the stored message and what the API is answered with hold
a placeholder; with no mail server the .eml copy holds the placeholder too. And a subject
with a line break in it is one header line, and never stops the rest of its batch."""

import uuid
from email.header import decode_header, make_header

from nameko.rpc import rpc
from nameko.standalone.rpc import ServiceRpcProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.storage import create_db_engine
from services.messaging.models import Message
from services.messaging.service import MessagingService
from tests.integration.test_events_never_lost import wait_until
from tests.integration.test_mail_delivery import smtp  # noqa: F401 (a fixture)

LINK = f"http://crm.example/portal#/link/{uuid.uuid4().hex}"


class FakeCustomerService:
    """The customer service's one answer messaging asks for here."""

    name = "customer"

    @rpc
    def get_customer(self, customer_id):
        return {"id": customer_id, "name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}]}


def stored_rows(url):
    engine = create_db_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(Message.__table__)).mappings().all()
    engine.dispose()
    return rows


def body_of(mail) -> str:
    part = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def test_the_customer_gets_the_link_and_nobody_else_sees_it(smtp, config, container_factory):  # noqa: F811
    smtp.start()
    container_factory(MessagingService, config).start()
    container_factory(FakeCustomerService, config).start()
    url = config["DATABASE_URLS"]["messaging"]
    message = {"template": "portal_login_link", "channel": "email", "values": {"minutes": 20}}
    with ServiceRpcProxy("messaging", config) as messaging:
        answered = messaging.send_manual(7, message, "portal", {"link": LINK})
        assert wait_until(lambda: len(smtp.mails()) == 1)
        assert wait_until(lambda: stored_rows(url)[0]["status"] == "sent")
        listed = messaging.list_messages(7)
        log = messaging.list_outgoing("asa@example.se")
    (mail,) = smtp.mails()
    assert mail["To"] == "asa@example.se" and LINK in body_of(mail)  # the customer has it
    for shown in (answered, listed, log):  # what the 360° view and GET /api/messages show
        assert LINK not in str(shown) and "[login link removed]" in str(shown)
    (row,) = stored_rows(url)
    assert row["sealed"] is None  # wiped once sent
    assert all(LINK not in str(value) for value in row.values())
    assert "[login link removed]" in row["body"]


def test_without_a_mail_server_the_eml_copy_holds_no_link(config, container_factory, tmp_path, monkeypatch):
    monkeypatch.delenv("CRM_SMTP_URL", raising=False)
    monkeypatch.setenv("CRM_DATA_DIR", str(tmp_path))
    container_factory(MessagingService, config).start()
    container_factory(FakeCustomerService, config).start()
    message = {"template": "portal_login_link", "channel": "email", "values": {"minutes": 20}}
    url = config["DATABASE_URLS"]["messaging"]
    with ServiceRpcProxy("messaging", config) as messaging:
        messaging.send_manual(7, message, "portal", {"link": LINK})
    # The .eml file is written before the row is marked sent: wait for the row itself.
    assert wait_until(lambda: [(r["status"], r["sealed"]) for r in stored_rows(url)] == [("sent", None)]), (
        stored_rows(url)
    )
    (eml,) = (tmp_path / "mail").glob("*.eml")
    raw = eml.read_bytes()
    assert LINK.encode() not in raw and b"[login link removed]" in raw


def test_a_subject_with_a_line_break_is_one_header_and_the_batch_goes(smtp, config, container_factory):  # noqa: F811
    """Three replies queued together, the middle one's subject (a case subject echoed in
    a reply, kept before subjects were folded) carrying CR LF and a header of its own:
    all three arrive, the middle one with its subject on one line and no added header."""
    smtp.start()
    url = config["DATABASE_URLS"]["messaging"]
    subjects = ["Tack", "[#2026-000042] Trasig\r\nBcc: everyone@example.se\r\n\r\nslang", "Hej"]
    engine = create_db_engine(url)
    with Session(engine) as session, session.begin():
        for i, subject in enumerate(subjects):
            session.add(
                Message(
                    channel="email",
                    template="case_reply",
                    recipient=f"kund{i}@example.se",
                    subject=subject,
                    body="Vi skickar en ny slang i dag.",
                    status="queued",
                    dedupe_key=f"test:{i}",
                    created_at=utcnow(),
                )
            )
    engine.dispose()
    container_factory(MessagingService, config).start()  # one batch: all three are queued
    assert wait_until(lambda: len(smtp.mails()) == 3, timeout=15), stored_rows(url)
    assert wait_until(lambda: {row["status"] for row in stored_rows(url)} == {"sent"})
    by_recipient = {mail["To"]: mail for mail in smtp.mails()}
    odd = by_recipient["kund1@example.se"]
    assert (
        str(make_header(decode_header(odd["Subject"])))
        == "[#2026-000042] Trasig Bcc: everyone@example.se slang"
    )
    assert odd["Bcc"] is None and "Vi skickar en ny slang i dag." in body_of(odd)

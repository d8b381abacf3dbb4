"""A person's cases and papers: exported with whole journals (GDPR art. 15), erased to
numbers and dates (art. 17)."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from crm_common.contracts import load
from crm_common.contracts.case.agenda import AgendaItemIn
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.papers import LetterIn
from crm_common.outbox import record
from services.case import agenda, cases, journal, papers, personal_data, search
from services.case.models import Attachment, Base, Case, JournalEntry, OutboxMessage

NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def a_case_with_everything(uow, cid=7, subject="Åsa's spade broke at Storgatan 1"):
    with uow.transaction() as session:
        case = cases.open_case(
            session,
            load(CaseCreate(), {"customer_id": cid, "subject": subject, "description": "The handle snapped"}),
            "intake",
            {"customer_id": cid},
            NOW,
            sender=("Åsa Lindqvist", "asa@example.se"),
        )
        entry = journal.add(
            session,
            case,
            "message",
            "Hi, it is Åsa again, call me on 070-123 45 67",
            "Åsa Lindqvist <asa@example.se>",
            NOW,
            visibility="public",
            direction="in",
            channel="email",
            subject="Re: spade",
            message_id=f"<m{cid}@example.se>",
        )
        session.add(
            Attachment(
                entry_id=entry.id,
                filename="asa-receipt.pdf",
                content_type="application/pdf",
                size=3,
                content=b"pdf",
            )
        )
        agenda.add(
            session,
            load(
                AgendaItemIn(),
                {
                    "kind": "task",
                    "title": "Call Åsa back",
                    "starts_at": (NOW + timedelta(days=1)).isoformat(),
                    "customer_id": cid,
                },
            ),
            "ann",
            NOW,
        )
        papers.register_letter(
            session,
            load(
                LetterIn(),
                {
                    "direction": "in",
                    "counterpart": "Åsa Lindqvist",
                    "subject": "Complaint",
                    "on_date": "2026-12-01",
                    "customer_id": cid,
                },
            ),
            "ann",
            NOW,
        )
        return case.id, case.number


def test_the_export_holds_cases_with_their_whole_journal_and_the_papers(uow):
    case_id, number = a_case_with_everything(uow)
    a_case_with_everything(uow, cid=8, subject="Bo's hose")
    with uow.read() as session:
        got = personal_data.export(session, [7])
    (case,) = got["cases"]
    assert case["number"] == number and case["subject"].startswith("Åsa's spade")
    (message,) = [e for e in case["journal"] if e["kind"] == "message"]
    assert (
        message["body"].startswith("Hi, it is Åsa")
        and message["attachments"][0]["filename"] == "asa-receipt.pdf"
    )
    assert "content" not in message["attachments"][0]  # metadata only
    assert [a["title"] for a in got["agenda_items"]] == ["Call Åsa back"]
    assert [letter["counterpart"] for letter in got["letters"]] == ["Åsa Lindqvist"]


def test_an_erased_case_keeps_its_number_and_dates_and_loses_every_text(uow):
    case_id, number = a_case_with_everything(uow)
    a_case_with_everything(uow, cid=8, subject="Bo's hose")
    with uow.transaction() as session:
        assert personal_data.erase(session, [7], NOW) == 1
    with uow.transaction() as session:
        assert personal_data.erase(session, [7], NOW) == 1  # again: nothing more changes
    with uow.read() as session:
        got = personal_data.export(session, [7])
        attachment = session.query(Attachment).filter(Attachment.filename == "[erased]").one()
        assert attachment.content == b""
        assert search.ranked(session, "fts_cases", "spade", None, 10) == []  # similar cases forget it
        other = personal_data.export(session, [8])
    (case,) = got["cases"]
    assert case["number"] == number and case["created_at"] and case["status"] == "closed"
    text = str(got)
    for value in ("Åsa", "Storgatan", "asa@example.se", "070-123", "receipt", "snapped"):
        assert value not in text, value
    assert other["cases"][0]["subject"] == "Bo's hose"


def sent(session, case, text, author, channel="email"):
    entry = journal.add(
        session,
        case,
        "message",
        text,
        author,
        NOW,
        visibility="public",
        direction="in",
        channel=channel,
        subject="About my order",
        message_id=f"<{uuid.uuid4().hex}@example.se>",
    )
    session.add(
        Attachment(entry_id=entry.id, filename="photo.jpg", content_type="image/jpeg", size=3, content=b"jpg")
    )
    return entry


def opened(session, sender, channel="email", customer=None, subject="My order 1234 never came"):
    case = cases.open_case(
        session,
        {"subject": subject, "description": "Where is it?", "channel": channel},
        "intake",
        {"customer_id": customer} if customer else {},
        NOW,
        sender=sender,
        review_id=None if customer else 5,
    )
    sent(session, case, f"Where is it? {sender[0]}", f"{sender[0]} <{sender[1]}>", channel)
    return case.id


def test_what_the_person_sent_as_an_unknown_sender_is_erased_by_address_and_number(uow, unchecked_events):
    """Cases and messages from the person's e-mail or number that no customer id names
    (a sender still in the review queue, a contact person writing for a company) are
    erased by the addresses and numbers the `customer_erased` event carries."""
    with uow.transaction() as session:
        by_mail = opened(session, ("Åsa L", "Asa@Example.se"))
        by_sms = opened(session, ("", "070-123 45 67"), channel="sms")  # national form
        for_company = opened(session, ("Åsa L", "asa@example.se"), customer=9, subject="Invoice 77")
        others = opened(session, ("Bo Ek", "bo@example.se"), customer=8, subject="Bo's hose")
        sent(session, session.get(Case, others), "Åsa here, Bo's neighbour", "Åsa <asa@example.se>")
        sent(session, session.get(Case, others), "Bo again", "Bo Ek <bo@example.se>")
        strangers = opened(session, ("Cia", "cia_x@example.se"))
        record(session, OutboxMessage, "case_replied", {"case_id": by_mail, "recipient": "asa@example.se"})
        record(
            session, OutboxMessage, "case_replied", {"case_id": strangers, "recipient": "cia_x@example.se"}
        )
        session.execute(update(OutboxMessage).values(published_at=NOW))
    data = {
        "customer_ids": [7],
        "until_published": {"emails": ["asa@example.se"], "phones": ["+46701234567"]},
    }
    with uow.transaction() as session:
        assert personal_data.erase_person(session, data, NOW) == 3
    with uow.read() as session:
        for case_id in (by_mail, by_sms):
            case = session.get(Case, case_id)
            assert (case.status, case.subject, case.sender_address, case.sender_name) == (
                "closed",
                "[erased]",
                None,
                None,
            )
        company = session.get(Case, for_company)
        assert company.customer_id == 9 and company.subject == "Invoice 77" and company.status == "open"
        assert company.sender_address is None and company.description == "[erased]"
        bo = session.get(Case, others)
        assert (bo.subject, bo.sender_address, bo.description) == (
            "Bo's hose",
            "bo@example.se",
            "Where is it?",
        )
        bodies = {
            (e.case_id, e.author, e.body)
            for e in session.scalars(select(JournalEntry).where(JournalEntry.kind == "message"))
        }
        assert not {b for b in bodies if "Åsa" in b[1] + b[2] or "asa@" in b[1]}, bodies
        assert (others, "Bo Ek <bo@example.se>", "Bo again") in bodies
        assert (strangers, "Cia <cia_x@example.se>", "Where is it? Cia") in bodies
        kept = session.scalars(select(Attachment.filename).where(Attachment.filename != "[erased]")).all()
        assert len(kept) == 3  # Bo's two messages, Cia's one
        events = {
            r.payload["data"]["case_id"]: r.payload["data"] for r in session.scalars(select(OutboxMessage))
        }
        assert events[by_mail] == {"case_id": by_mail, "erased": True}
        assert events[strangers]["recipient"] == "cia_x@example.se"


def test_without_addresses_in_the_event_only_the_customers_own_cases_go(uow):
    a_case_with_everything(uow)
    with uow.transaction() as session:
        unknown = opened(session, ("Åsa L", "asa@example.se"))
    with uow.transaction() as session:
        assert personal_data.erase_person(session, {"customer_ids": [7]}, NOW) == 1
    with uow.read() as session:
        assert session.get(Case, unknown).sender_address == "asa@example.se"


def test_the_journal_line_that_linked_the_customer_loses_the_name(uow):
    with uow.transaction() as session:
        case_id = opened(session, ("Åsa L", "asa@example.se"))
        case = session.get(Case, case_id)
        cases.link_customer(session, case, {"id": 7, "name": "Åsa Lindqvist"}, "review", NOW)
    with uow.transaction() as session:
        assert personal_data.erase(session, [7], NOW) == 1
    with uow.read() as session:
        status = session.scalars(select(JournalEntry.body).where(JournalEntry.kind == "status")).all()
    assert "customer linked" in status and not [b for b in status if "Åsa" in b]

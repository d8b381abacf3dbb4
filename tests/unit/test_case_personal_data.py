"""A person's cases and papers: exported with whole journals (GDPR art. 15), erased to
numbers and dates (art. 17)."""

from datetime import datetime, timedelta, timezone

import pytest

from crm_common.contracts import load
from crm_common.contracts.case import AgendaItemIn, CaseCreate, LetterIn
from services.case import agenda, cases, journal, papers, personal_data, search
from services.case.models import Attachment, Base

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

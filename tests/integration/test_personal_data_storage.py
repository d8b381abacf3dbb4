"""Erasure on both databases (GDPR art. 17): the register, the cases with their search
index, and the gateway's append-only audit trail, on their migrated schemas."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.outbox import record
from crm_common.storage import create_db_engine
from gateway import audit, data_requests
from gateway.models import LoginLink, LoginSession, User
from services.case import cases, journal, search
from services.case import personal_data as case_data
from services.case.models import Attachment, Case, JournalEntry
from services.case.models import OutboxMessage as CaseOutbox
from services.customer import blocking, intake, profiles, register, relations, review
from services.customer import personal_data as customer_data
from services.customer.models import ReviewItem

NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
PERSON = {
    "kind": "person",
    "given_name": "Åsa",
    "family_name": "Lindqvist",
    "national_id": "8112289874",
    "phones": [{"number": "070-1234567"}],
    "emails": [{"address": "asa@example.se"}],
    "addresses": [{"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"}],
}


def session_on(url):
    return Session(create_db_engine(url), expire_on_commit=False)


def test_the_register_erases_a_person_for_good(db_url, migrated):
    with session_on(migrated("customer", db_url)) as session:
        asa = register.create_customer(session, load(CustomerCreate(), PERSON), "SE")
        blocking.store(session, asa.id, profiles.from_customer(asa))
        relations.add_note(session, asa.id, "ann", "Åsa prefers mornings")
        session.commit()
        customer, ids, now = customer_data.erase(session, asa.id, NOW)
        session.commit()
        assert now and ids == [asa.id]
        session.expire_all()
        erased = register.get_customer(session, asa.id)
        assert erased.name == "Erased" and erased.national_id is None and erased.erased_at is not None
        assert erased.phones == [] and erased.emails == [] and erased.addresses == []
        assert [
            h["customer"]["id"] for h in intake.look_alikes(session, load(CustomerCreate(), PERSON), "SE")
        ] == []
        assert "Åsa" not in str(customer_data.export(session, asa.id, "SE", NOW))


def test_a_case_is_erased_with_its_journal_attachments_and_search_entry(db_url, migrated):
    with session_on(migrated("case", db_url)) as session:
        case = cases.open_case(
            session,
            load(CaseCreate(), {"customer_id": 7, "subject": "Åsa's broken spade", "description": "snapped"}),
            "intake",
            {"customer_id": 7},
            NOW,
            sender=("Åsa Lindqvist", "asa@example.se"),
        )
        entry = journal.add(session, case, "message", "Call Åsa", "asa@example.se", NOW, direction="in")
        session.add(
            Attachment(
                entry_id=entry.id, filename="a.pdf", content_type="application/pdf", size=1, content=b"x"
            )
        )
        record(session, CaseOutbox, "case_opened", cases.case_opened(case, confirm=True))
        session.flush()
        session.query(CaseOutbox).update({"published_at": NOW})
        session.commit()
        assert [i for i, _ in search.ranked(session, "fts_cases", "spade", None, 10)] == [case.id]
        case_data.erase(session, [7], NOW)
        session.commit()
        session.expire_all()
        assert search.ranked(session, "fts_cases", "spade", None, 10) == []
        got = case_data.export(session, [7])
        assert got["cases"][0]["number"] == case.number and got["cases"][0]["status"] == "closed"
        assert "Åsa" not in str(got) and "asa@example.se" not in str(got)
        assert session.query(Attachment).one().content == b""
        assert "Åsa" not in str([r.payload for r in session.query(CaseOutbox)])


def test_what_an_unknown_sender_sent_is_erased_by_their_address_and_number(db_url, migrated):
    with session_on(migrated("case", db_url)) as session:
        found = {}
        for sender, channel in (
            (("Åsa L", "asa_l@example.se"), "email"),
            (("", "0701234567"), "sms"),
            (("Bo", "bo@example.se"), "email"),
        ):
            case = cases.open_case(
                session,
                {"subject": f"Parcel for {sender[0]}", "description": "where?", "channel": channel},
                "intake",
                {},
                NOW,
                sender=sender,
                review_id=3,
            )
            journal.add(
                session,
                case,
                "message",
                f"From {sender[0]}",
                f"{sender[0]} <{sender[1]}>",
                NOW,
                direction="in",
            )
            found[sender[1]] = case.id
        session.commit()
        held = {"emails": ["asa_l@example.se"], "phones": ["+46701234567"]}
        assert case_data.erase_person(session, {"customer_ids": [7], "until_published": held}, NOW) == 2
        session.commit()
        session.expire_all()
        left = {c.id: (c.sender_address, c.subject) for c in session.query(Case)}
        assert left[found["asa_l@example.se"]] == left[found["0701234567"]] == (None, "[erased]")
        assert left[found["bo@example.se"]] == ("bo@example.se", "Parcel for Bo")
        assert sorted(e.body for e in session.query(JournalEntry).filter(JournalEntry.kind == "message")) == [
            "From Bo",
            "[erased]",
            "[erased]",
        ]


def test_an_unknown_senders_registration_is_erased_by_their_address(db_url, migrated):
    with session_on(migrated("customer", db_url)) as session:
        waiting = review.enqueue(
            session,
            {"kind": "person", "name": "Åsa L", "emails": [{"address": "asa@example.se"}]},
            "inbound_message",
            "<m1>",
            [],
            [],
            "intake",
        )
        asa = register.create_customer(session, load(CustomerCreate(), PERSON), "SE")
        session.commit()
        customer_data.erase(session, asa.id, NOW)
        session.commit()
        session.expire_all()
        item = session.get(ReviewItem, waiting.id)
        assert item.data == {"erased": True} and item.status == "rejected"


def test_the_gateway_erases_its_part_within_the_append_only_trail(db_url, migrated):
    with session_on(migrated("gateway", db_url)) as session:
        session.add(
            User(username="asa@example.se", password_hash="x", role="customer", customer_id=7, created_at=NOW)
        )
        session.add(
            LoginLink(token_hash="h", customer_id=7, created_at=NOW, expires_at=NOW + timedelta(minutes=20))
        )
        session.add(
            LoginSession(
                username="asa@example.se",
                role="customer",
                customer_id=7,
                created_at=NOW,
                expires_at=NOW + timedelta(hours=1),
            )
        )
        audit.record(
            session,
            "ann",
            "customer_changed",
            customer_id=7,
            details={"changes": [{"field": "email", "old": "asa@example.se", "new": "x"}]},
        )
        session.commit()
        data = {
            "customer_id": 7,
            "customer_ids": [7],
            "erased_by": "admin",
            "reason": "request 12",
            "erased_at": NOW.isoformat(),
        }
        assert data_requests.erase(session, "event-1", data) is True
        session.commit()
        assert data_requests.erase(session, "event-1", data) is False
        session.commit()
        assert session.query(User).count() == 0 and session.query(LoginLink).count() == 0
        assert session.query(LoginSession).one().revoked_at is not None
        erasure, change = audit.entries(session, customer_id=7)["items"]
        assert erasure["action"] == "customer_erased" and erasure["details"]["reason"] == "request 12"
        assert change["erased"] and "asa@example.se" not in str(change)

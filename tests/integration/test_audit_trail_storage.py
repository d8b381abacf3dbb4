"""The audit trail on both databases: append-only, paged, erasable once per entry."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from crm_common.storage import create_db_engine
from gateway import audit
from gateway.auth import Principal
from gateway.models import AuditEntry


@pytest.fixture
def session(db_url, migrated):
    engine = create_db_engine(migrated("gateway", db_url))
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_an_entry_can_be_neither_changed_nor_deleted(session):
    entry = audit.record(session, Principal("agent", "agent"), "customer_viewed", customer_id=7)
    session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(action="nothing"))
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(delete(AuditEntry).where(AuditEntry.id == entry.id))
    session.rollback()
    assert session.get(AuditEntry, entry.id).action == "customer_viewed"


def test_an_erasure_blanks_values_once_and_keeps_who_did_what(session):
    audit.record(
        session,
        Principal("agent", "agent"),
        "customer_changed",
        customer_id=7,
        details={"changes": [{"field": "family_name", "old": "Berg", "new": "Lind"}]},
        address="10.0.0.1",
    )
    audit.record(session, "admin", "customer_changed", customer_id=8, details={"note": "kept"})
    session.commit()
    assert audit.erase_customer(session, 7) == 1
    session.commit()
    page = audit.entries(session, customer_id=7)
    (entry,) = page["items"]
    assert entry["actor"] == "agent" and entry["action"] == "customer_changed" and entry["erased"]
    assert entry["details"] == {"changes": [{"field": "family_name", "old": "[erased]", "new": "[erased]"}]}
    assert entry["address"] is None
    assert audit.entries(session, customer_id=8)["items"][0]["details"] == {"note": "kept"}
    # Once erased, the entry is as fixed as any other.
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(update(AuditEntry).where(AuditEntry.customer_id == 7).values(details={"x": 1}))
    session.rollback()


def test_the_trail_pages_newest_first_and_filters_by_user_and_customer(session):
    for n in range(7):
        audit.record(session, "agent" if n % 2 else "supervisor", "customer_viewed", customer_id=n % 3 + 1)
    session.commit()
    first = audit.entries(session, limit=3)
    second = audit.entries(session, limit=3, cursor=first["next_cursor"])
    third = audit.entries(session, limit=3, cursor=second["next_cursor"])
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 7 and third["next_cursor"] is None
    assert {e["actor"] for e in audit.entries(session, actor="agent")["items"]} == {"agent"}
    assert len(audit.entries(session, actor="agent")["items"]) == 3
    assert {e["customer_id"] for e in audit.entries(session, customer_id=2)["items"]} == {2}


def test_a_services_act_is_stored_once_however_often_it_arrives(session):
    payload = {
        "event_id": "0f6d2a8e-0000-4000-8000-000000000001",
        "event_type": "act_recorded",
        "occurred_at": "2026-12-07T10:00:00+00:00",
        "data": {
            "actor": "agent",
            "actor_role": "agent",
            "action": "merged",
            "customer_id": 5,
            "details": {},
        },
    }
    assert audit.record_event(session, "customer", payload) is True
    assert audit.record_event(session, "customer", payload) is False
    session.commit()
    (entry,) = audit.entries(session, customer_id=5)["items"]
    assert entry["source"] == "customer" and entry["actor"] == "agent" and entry["action"] == "merged"


def test_an_act_arriving_after_the_persons_erasure_is_stored_blanked(session):
    audit.record(session, "admin", "customer_erased", customer_id=9, details={"reason": "asked"})
    late = {
        "event_id": "0f6d2a8e-0000-4000-8000-000000000002",
        "event_type": "act_recorded",
        "occurred_at": "2026-12-07T10:00:00+00:00",
        "data": {
            "actor": "agent",
            "action": "customer_updated",
            "customer_id": 9,
            "details": {"changes": [{"field": "family_name", "old": "Berg", "new": "Lind"}]},
        },
    }
    assert audit.record_event(session, "customer", late)
    session.commit()
    entry = next(
        e for e in audit.entries(session, customer_id=9)["items"] if e["action"] == "customer_updated"
    )
    assert entry["erased"] and entry["actor"] == "agent"
    assert entry["details"] == {"changes": [{"field": "family_name", "old": "[erased]", "new": "[erased]"}]}

"""The change history the desk shows any staff member: a customer's own acts from the
audit trail, without money terms, logins or client addresses (real SQLite)."""

from datetime import datetime, timezone

from gateway import audit, customer_changes
from gateway.models import Base


def test_the_change_history_holds_a_customers_own_acts_only(uow_factory):
    trail = uow_factory(Base)
    at = datetime(2026, 12, 7, 14, 2, tzinfo=timezone.utc)
    with trail.transaction() as session:
        tier = {"changes": [{"field": "tier"}]}
        audit.record(session, "anna", "customer_updated", customer_id=7, details=tier)
        audit.record(session, "sven", "credit_terms_changed", customer_id=7, details={"changes": []})
        audit.record(session, "anna", "login_ok", customer_id=7, address="10.0.0.1")
        audit.record(session, "bo", "customer_updated", customer_id=8, at=at)
        for i in range(3):
            audit.record(session, "anna", "employment_ended", customer_id=7, target=f"customer {i}")
    with trail.read() as session:
        first = customer_changes.changes(session, 7, None, 3)
        rest = customer_changes.changes(session, 7, first["next_cursor"], 3)
    shown = first["items"] + rest["items"]
    assert [e["action"] for e in shown] == ["employment_ended"] * 3 + ["customer_updated"]
    assert shown[-1]["actor"] == "anna" and shown[-1]["changes"] == [{"field": "tier"}]
    assert rest["next_cursor"] is None and "address" not in shown[0]

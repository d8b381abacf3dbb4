"""The gateway's part of data-protection requests (gateway/data_requests.py): what it
exports of a person, all or nothing across the services, and its part of an erasure."""

from datetime import datetime, timedelta, timezone

import eventlet
import pytest

from crm_common.errors import ServiceUnavailable
from gateway import audit, data_requests
from gateway.models import Base, LoginFailure, LoginLink, LoginSession, User

NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
ERASED = {
    "customer_id": 7,
    "customer_ids": [7, 9],
    "erased_at": NOW.isoformat(),
    "erased_by": "admin",
    "reason": "Art. 17 request 12",
}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for cid, name in ((7, "asa@example.se"), (8, "bo@example.se")):
            session.add(
                User(username=name, password_hash="x", role="customer", customer_id=cid, created_at=NOW)
            )
            session.add(
                LoginLink(
                    token_hash=f"h{cid}",
                    customer_id=cid,
                    created_at=NOW,
                    expires_at=NOW + timedelta(minutes=20),
                )
            )
            session.add(
                LoginSession(
                    username=name,
                    role="customer",
                    customer_id=cid,
                    created_at=NOW,
                    expires_at=NOW + timedelta(hours=8),
                )
            )
            audit.record(
                session,
                "ann",
                "customer_changed",
                customer_id=cid,
                details={"changes": [{"field": "email", "old": name, "new": f"new.{name}"}]},
                address="10.0.0.1",
            )
        session.add(User(username="ann", password_hash="x", role="agent", created_at=NOW))
    return uow


def test_the_gateway_part_holds_the_login_without_its_hash_the_links_and_the_trail(uow):
    with uow.read() as session:
        got = data_requests.gateway_part(session, [7])
    assert got["portal_logins"] == [{"username": "asa@example.se", "role": "customer", "created_at": NOW}]
    assert (
        "password_hash" not in str(got) and got["login_links_sent"] == 1 and len(got["portal_sessions"]) == 1
    )
    assert [e["details"]["changes"][0]["old"] for e in got["audit_entries"]] == ["asa@example.se"]


def test_an_erasure_ends_the_portal_login_blanks_the_trail_and_is_recorded_once(uow):
    with uow.transaction() as session:
        assert data_requests.erase(session, "event-1", ERASED) is True
    with uow.transaction() as session:
        assert data_requests.erase(session, "event-1", ERASED) is False  # redelivered: nothing more
    with uow.read() as session:
        assert [u.username for u in session.query(User).order_by(User.id)] == ["bo@example.se", "ann"]
        assert [link.customer_id for link in session.query(LoginLink)] == [8]
        assert {s.customer_id: s.revoked_at is not None for s in session.query(LoginSession)} == {
            7: True,
            8: False,
        }
        trail = audit.entries(session, customer_id=7)["items"]
        other = audit.entries(session, customer_id=8)["items"]
    erasure, change = trail
    assert (erasure["action"], erasure["actor"], erasure["details"]["reason"]) == (
        "customer_erased",
        "admin",
        "Art. 17 request 12",
    )
    assert change["erased"] and "asa@example.se" not in str(change) and change["address"] is None
    assert change["actor"] == "ann" and change["action"] == "customer_changed"  # who did what stays
    assert other[0]["details"]["changes"][0]["old"] == "bo@example.se"


def test_an_erasure_leaves_the_login_address_in_no_session_and_no_failed_login(uow):
    """A portal login's username is the person's e-mail address."""
    with uow.transaction() as session:
        for typed in ("asa@example.se", "ASA@example.se", "bo@example.se"):
            session.add(LoginFailure(username=typed, address="10.0.0.2", at=NOW))
    with uow.transaction() as session:
        assert data_requests.erase(session, "event-2", ERASED) is True
    with uow.read() as session:
        sessions = {s.customer_id: s.username for s in session.query(LoginSession)}
        failures = [f.username for f in session.query(LoginFailure)]
    assert sessions == {7: "customer-7", 8: "bo@example.se"}
    assert failures == ["bo@example.se"]


class Reply:
    def __init__(self, value, delay):
        self.value, self.delay = value, delay

    def result(self):
        eventlet.sleep(self.delay)
        return self.value


class Proxy:
    def __init__(self, name, value, delay=0.0):
        self.service_name, self.value, self.delay = name, value, delay
        self.export_customer = self

    def call_async(self, *args):
        return Reply(self.value, self.delay)


def test_a_service_that_does_not_answer_fails_the_whole_export():
    customer = {"customer": {"id": 7}, "merged_records": []}
    proxies = {n: Proxy(n, {"part": n}) for n in data_requests.SERVICES}
    proxies["customer"] = Proxy("customer", customer)
    got = data_requests.gather_export(proxies, 7, timeout=0.5)
    assert got["order"] == {"part": "order"} and got["customer"] == customer
    proxies["case"] = Proxy("case", {"part": "case"}, delay=2.0)
    with pytest.raises(ServiceUnavailable) as raised:
        data_requests.gather_export(proxies, 7, timeout=0.3)
    assert raised.value.fields == {"service": "case"}

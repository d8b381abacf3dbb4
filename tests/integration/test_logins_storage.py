"""Logins on both databases, migrated as deployed: the throttle's counts and Retry-After,
login sessions that end, an admin's changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.storage import create_db_engine
from gateway import login_links, sessions, throttle, users
from gateway.auth import Principal
from gateway.models import LoginSession

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def session(db_url, migrated):
    engine = create_db_engine(migrated("gateway", db_url))
    with Session(engine) as s:
        users.create_user(s, "ann", "ann-password-1", "agent")
        s.commit()
        yield s
    engine.dispose()


def test_failures_throttle_the_account_until_the_oldest_ages_out(session):
    for minute in range(5):
        assert users.log_in(session, "ann", "guess", "10.0.0.1", NOW + timedelta(minutes=minute)) is None
        session.commit()
    with pytest.raises(throttle.TooManyAttempts) as refused:
        users.log_in(session, "ann", "ann-password-1", "10.0.0.2", NOW + timedelta(minutes=5))
    assert refused.value.retry_after == 600
    session.rollback()
    later = NOW + timedelta(minutes=15, seconds=1)
    assert users.log_in(session, "ann", "ann-password-1", "10.0.0.2", later).username == "ann"


def test_a_session_ends_by_logout_by_disabling_and_by_a_new_password(session):
    ann = users.log_in(session, "ann", "ann-password-1", "10.0.0.1", NOW)
    for _ in range(3):
        sessions.open_session(session, Principal("ann", "agent"), ann.id, "secret", 3600, NOW)
    first, second, third = session.scalars(select(LoginSession.id).order_by(LoginSession.id))
    session.commit()
    claimed = [Principal("ann", "agent", None, sid) for sid in (first, second, third)]
    sessions.revoke(session, first, NOW)
    assert [sessions.still_valid(session, c, NOW) for c in claimed] == [False, True, True]
    users.set_password(session, claimed[1], ann, "a-new-password", "10.0.0.1", NOW, keep_session=second)
    assert [sessions.still_valid(session, c, NOW) for c in claimed] == [False, True, False]
    users.change(session, Principal("root", "admin"), ann, {"disabled": True}, "10.0.0.9", NOW)
    assert not sessions.still_valid(session, claimed[1], NOW)
    session.commit()
    assert session.scalar(select(func.count()).where(LoginSession.revoked_at.is_(None))) == 0


def test_the_login_link_limit_per_address(session):
    sent = [login_links.issue(session, customer, NOW, "10.7.7.7") for customer in range(1, 23)]
    assert sum(1 for t in sent if t) == login_links.PER_ADDRESS_PER_HOUR

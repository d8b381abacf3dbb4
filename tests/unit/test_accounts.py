"""Staff accounts and logins without a broker: the throttle on failed logins (per account
and per address), the same answer for unknown users, logins that end at once (logout,
disabled, password changed), roles read afresh, old hashes stored anew, and hashing that
leaves the event loop free."""

import time
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from types import SimpleNamespace

import eventlet
import pytest
from sqlalchemy import func, select

from crm_common.errors import InvalidInput, Unauthorized
from gateway import login_links, sessions, throttle, users
from gateway.auth import Principal, verify_password
from gateway.models import AuditEntry, Base, LoginSession, User

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
OLD_SCRYPT = "scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw$JbN2hANm9NOw4h5BRHZnbjzQ6Jr0QwNWojTOC2WgIbU"
ADMIN = Principal("root", "admin", None, 999)


@pytest.fixture
def uow(uow_factory):
    db = uow_factory(Base)
    with db.transaction() as session:
        users.create_user(session, "ann", "ann-password-1", "agent", extension="201")
        users.create_user(session, "root", "root-password-1", "admin")
    return db


def log_in(uow, username, password, address="10.0.0.1", at=NOW):
    with uow.transaction() as session:
        user = users.log_in(session, username, password, address, at)
        return user and (user.id, user.role)


def actions(uow, action):
    with uow.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [SimpleNamespace(details=e.details, address=e.address, actor=e.actor) for e in entries]


def test_five_failures_for_an_account_refuse_even_the_right_password_until_the_window_passes(uow):
    for minute in range(5):
        assert log_in(uow, "ann", "guess", at=NOW + timedelta(minutes=minute)) is None
    with pytest.raises(throttle.TooManyAttempts) as refused:
        log_in(uow, "ann", "ann-password-1", at=NOW + timedelta(minutes=5))
    # the first failure (at 12:00) ages out at 12:15: ten minutes from 12:05
    assert refused.value.retry_after == 600
    assert log_in(uow, "ann", "ann-password-1", at=NOW + timedelta(minutes=15, seconds=1)) is not None


def test_an_unknown_username_is_throttled_and_recorded_like_a_wrong_password(uow):
    for _ in range(5):
        assert log_in(uow, "nobody", "guess") is None
    with pytest.raises(throttle.TooManyAttempts):
        log_in(uow, "nobody", "guess")
    reasons = [e.details["reason"] for e in actions(uow, "login_failed")]
    assert reasons == ["unknown user"] * 5
    assert [e.address for e in actions(uow, "login_failed")] == ["10.0.0.1"] * 5


def refused_and_recorded(uow, username, password, address="10.0.0.1", at=NOW):
    """What the login route does: the 429 recorded in its own transaction, then raised."""
    try:
        log_in(uow, username, password, address, at)
    except throttle.TooManyAttempts as refusal:
        with uow.transaction() as session:
            users.throttled(session, username, address, at, refusal)
        return refusal
    raise AssertionError("not throttled")


def test_a_throttled_login_is_recorded_once_per_account_per_window(uow):
    for _ in range(5):
        assert log_in(uow, "ann", "guess") is None
    for second in range(30):
        refused_and_recorded(uow, "ann", "guess", at=NOW + timedelta(seconds=second))
    [entry] = actions(uow, "login_throttled")
    assert (entry.actor, entry.address, entry.details["over"]) == ("ann", "10.0.0.1", "account")
    later = NOW + throttle.WINDOW + timedelta(seconds=1)  # a new window, new failures
    for _ in range(5):
        assert log_in(uow, "ann", "guess", at=later) is None
    refused_and_recorded(uow, "ann", "guess", at=later)
    refused_and_recorded(uow, "ann", "guess", at=later)
    assert len(actions(uow, "login_throttled")) == 2


def test_a_throttled_address_trying_many_usernames_is_recorded_once_per_window(uow):
    for i in range(20):
        assert log_in(uow, f"user{i}", "guess", address="10.6.6.6") is None
    for i in range(40):
        refusal = refused_and_recorded(uow, f"other{i}", "guess", address="10.6.6.6")
        assert refusal.over == "address"
    [entry] = actions(uow, "login_throttled")
    assert (entry.actor, entry.address, entry.details["over"]) == ("other0", "10.6.6.6", "address")


def test_twenty_failures_from_one_address_refuse_every_account_from_there_only(uow):
    for i in range(20):
        assert log_in(uow, f"user{i}", "guess", address="10.6.6.6") is None
    with pytest.raises(throttle.TooManyAttempts):
        log_in(uow, "ann", "ann-password-1", address="10.6.6.6")
    assert log_in(uow, "ann", "ann-password-1", address="10.0.0.2") is not None


def test_a_right_password_clears_the_accounts_count(uow):
    for _ in range(4):
        log_in(uow, "ann", "guess")
    assert log_in(uow, "ann", "ann-password-1") is not None
    for _ in range(4):
        log_in(uow, "ann", "guess")
    assert log_in(uow, "ann", "ann-password-1") is not None
    assert len(actions(uow, "login_succeeded")) == 2


def test_an_unknown_user_costs_the_same_hash_as_a_wrong_password(uow):
    users._decoy_hash()  # made once per process, like the gateway's first login
    started = time.perf_counter()
    log_in(uow, "ann", "wrong-password", address="10.1.1.1")
    known = time.perf_counter() - started
    started = time.perf_counter()
    log_in(uow, "nobody-at-all", "wrong-password", address="10.1.1.2")
    unknown = time.perf_counter() - started
    assert unknown > known / 3 and known > 0.005  # an argon2 check each, not a shortcut


def test_a_disabled_account_cannot_log_in_and_its_logins_end_at_once(uow):
    with uow.transaction() as session:
        ann = session.scalar(select(User).where(User.username == "ann"))
        token = sessions.open_session(session, Principal("ann", "agent"), ann.id, "s", 3600, NOW)
        sid = session.scalar(select(func.max(LoginSession.id)))
        claimed = Principal("ann", "agent", None, sid)
        assert sessions.current(session, claimed, NOW) == Principal("ann", "agent")
        users.change(session, ADMIN, ann, {"disabled": True}, "10.9.9.9", NOW)
    assert token["access_token"]
    with uow.read() as session, pytest.raises(Unauthorized):
        sessions.current(session, claimed, NOW)
    assert log_in(uow, "ann", "ann-password-1") is None
    assert actions(uow, "login_failed")[-1].details == {"reason": "disabled"}
    assert actions(uow, "user_disabled")[0].details == {"logins_ended": 1}
    with uow.transaction() as session:
        ann = session.scalar(select(User).where(User.username == "ann"))
        users.change(session, ADMIN, ann, {"disabled": False}, "10.9.9.9", NOW)
    assert log_in(uow, "ann", "ann-password-1") is not None


def test_a_role_change_applies_to_a_token_already_out_and_is_recorded_with_old_and_new(uow):
    with uow.transaction() as session:
        ann = session.scalar(select(User).where(User.username == "ann"))
        sessions.open_session(session, Principal("ann", "agent"), ann.id, "s", 3600, NOW)
        sid = session.scalar(select(func.max(LoginSession.id)))
        users.change(session, ADMIN, ann, {"role": "supervisor", "extension": "202"}, "10.9.9.9", NOW)
        assert sessions.current(session, Principal("ann", "agent", None, sid), NOW).role == "supervisor"
    changes = actions(uow, "user_changed")[0].details["changes"]
    assert changes == [
        {"field": "role", "old": "agent", "new": "supervisor"},
        {"field": "extension", "old": "201", "new": "202"},
    ]


def test_an_admin_cannot_lock_themselves_out(uow):
    with uow.transaction() as session:
        root = session.scalar(select(User).where(User.username == "root"))
        with pytest.raises(InvalidInput) as err:
            users.change(session, ADMIN, root, {"disabled": True}, "10.9.9.9", NOW)
        assert err.value.fields == {"disabled": "not your own"}
        with pytest.raises(InvalidInput):
            users.change(session, ADMIN, root, {"role": "agent"}, "10.9.9.9", NOW)


def test_a_password_change_ends_the_other_logins_and_keeps_this_one(uow):
    with uow.transaction() as session:
        ann = session.scalar(select(User).where(User.username == "ann"))
        for _ in range(2):
            sessions.open_session(session, Principal("ann", "agent"), ann.id, "s", 3600, NOW)
        this, other = sorted(session.scalars(select(LoginSession.id)))
    me = Principal("ann", "agent", None, this)
    with uow.transaction() as session:
        assert not users.change_own_password(session, me, "wrong", "a-new-password", "10.0.0.1", NOW)
    with uow.transaction() as session:
        assert users.change_own_password(session, me, "ann-password-1", "a-new-password", "10.0.0.1", NOW)
    with uow.read() as session:
        assert sessions.still_valid(session, me, NOW)
        assert not sessions.still_valid(session, Principal("ann", "agent", None, other), NOW)
        stored = session.scalar(select(User.password_hash).where(User.username == "ann"))
    assert verify_password("a-new-password", stored)
    assert actions(uow, "password_changed")[0].details == {"by": "self", "logins_ended": 1}


def test_a_logged_out_or_expired_login_ends(uow):
    with uow.transaction() as session:
        ann = session.scalar(select(User).where(User.username == "ann"))
        sessions.open_session(session, Principal("ann", "agent"), ann.id, "s", 60, NOW)
        sid = session.scalar(select(func.max(LoginSession.id)))
    claimed = Principal("ann", "agent", None, sid)
    with uow.read() as session:
        assert sessions.still_valid(session, claimed, NOW + timedelta(seconds=59))
        assert not sessions.still_valid(session, claimed, NOW + timedelta(seconds=61))
    with uow.transaction() as session:
        sessions.revoke(session, sid, NOW)
    with uow.read() as session:
        assert not sessions.still_valid(session, claimed, NOW)
        assert not sessions.still_valid(session, Principal("ann", "agent"), NOW)  # no session named


def test_an_old_scrypt_password_logs_in_and_is_stored_anew_as_argon2id(uow):
    with uow.transaction() as session:
        session.add(User(username="old", password_hash=OLD_SCRYPT, role="agent", created_at=NOW))
    assert log_in(uow, "old", "correct horse") is not None
    with uow.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "old"))
    assert stored.startswith("$argon2id$") and verify_password("correct horse", stored)


def test_the_login_link_form_is_limited_per_address_too(uow):
    with uow.transaction() as session:
        sent = [login_links.issue(session, customer, NOW, "10.7.7.7") for customer in range(1, 25)]
        elsewhere = login_links.issue(session, 99, NOW, "10.0.0.8")
    assert all(sent[:20]) and not any(sent[20:]) and elsewhere


def test_logins_hash_in_threads_and_leave_the_event_loop_free(uow):
    """While eight logins check their passwords, another greenthread (another request)
    keeps running: the hash runs in a real thread, not in the worker's greenthread."""
    ticks = []
    stop = False

    def ticker():
        while not stop:
            ticks.append(time.perf_counter())
            eventlet.sleep(0.002)

    beat = eventlet.spawn(ticker)
    eventlet.sleep(0)
    started = time.perf_counter()
    logins = [eventlet.spawn(log_in, uow, "ann", "ann-password-1", f"10.2.0.{i}") for i in range(8)]
    assert all(g.wait() for g in logins)
    took = time.perf_counter() - started
    stop = True
    beat.wait()
    during = [t for t in ticks if started < t < started + took]
    longest = max(b - a for a, b in pairwise(ticks))  # the longest the other one waited
    # Hashed in the greenthreads, the eight ran one after the other and the other
    # greenthread did not run once in between (its longest wait: all of it). In threads
    # it ticks on, though on two busy cores the OS may hold this thread back a while.
    assert took > 0.05 and len(during) >= 10 and longest < took * 0.9, (took, len(during), longest)


def test_the_limits_come_from_the_settings(uow):
    from crm_common.config import load_settings

    limits = throttle.Limits.of(load_settings({"CRM_LOGIN_FAILURES_PER_ACCOUNT": "2"}))
    assert limits == throttle.Limits(per_account=2, per_address=20)
    with uow.transaction() as session:
        for _ in range(2):
            assert users.log_in(session, "ann", "guess", "10.3.3.3", NOW, limits) is None
    with pytest.raises(throttle.TooManyAttempts), uow.transaction() as session:
        users.log_in(session, "ann", "ann-password-1", "10.3.3.3", NOW, limits)

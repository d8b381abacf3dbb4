"""Accounts: creating them, checking a login (throttled, the hashing off the event loop),
and an admin's changes: role, extension, disabled, password."""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime
from functools import lru_cache

from eventlet import tpool
from eventlet.semaphore import Semaphore
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.dml import rows_changed
from crm_common.errors import Conflict, InvalidInput, NotFound, Unauthorized
from gateway import audit, sessions, throttle
from gateway.auth import Principal, hash_password, needs_rehash, verify_password
from gateway.models import AuditEntry, LoginLink, LoginSession, User

MIN_PASSWORD_LENGTH = 10
# Hashes at once per process: one core stays free for the event loop (and each argon2id
# hash holds 19 MiB while it runs). The others wait their turn, not the other requests.
HASH_SLOTS = Semaphore(max(1, (os.cpu_count() or 2) - 1))
MAX_LIMIT = 200
WRONG = "wrong username or password"


def offload(fn, *args):
    """Run a CPU-bound call (a password hash) in a real OS thread: in the gateway's
    greenthread it would stall every other request of the process while it runs."""
    with HASH_SLOTS:
        return tpool.execute(fn, *args)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """What an unknown username's password is checked against, so the answer costs as
    much as for a known one."""
    return hash_password("no such user: the time spent is the point")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    customer_id: int | None = None,
    extension: str | None = None,
) -> User:
    user = User(
        username=username,
        password_hash=offload(hash_password, password),
        role=role,
        customer_id=customer_id,
        extension=extension,
        created_at=utcnow(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"user {username} exists", {"username": "already taken"}) from None
    return user


def log_in(
    session: Session,
    username: str,
    password: str,
    address: str,
    now: datetime,
    limits: throttle.Limits = throttle.DEFAULT_LIMITS,
) -> User | None:
    """The account when the password is right and the account enabled; None otherwise,
    the failure counted and recorded. TooManyAttempts (429) when the account or the
    address failed too often lately. An unknown username costs the same hash check."""
    throttle.check(session, username, address, now, limits)
    user = session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user else _decoy_hash()
    right = offload(verify_password, password, stored)
    if not right or user is None or user.disabled_at is not None:
        throttle.failed(session, username, address, now)
        reason = "unknown user" if user is None else "wrong password" if not right else "disabled"
        audit.record(
            session,
            _named(username[:80], user),  # a customer's account by number, not e-mail address
            "login_failed",
            target=f"user:{user.id}" if user else None,
            details={"reason": reason},
            address=address,
            customer_id=user.customer_id if user else None,
        )
        return None
    throttle.succeeded(session, username)
    if needs_rehash(stored):  # older scheme or weaker parameters: stored anew
        user.password_hash = offload(hash_password, password)
    audit.record(
        session,
        Principal(user.username, user.role),
        "login_succeeded",
        target=f"user:{user.id}",
        address=address,
        customer_id=user.customer_id,
    )
    return user


def _named(username: str, user: User | None) -> str:
    """The actor the trail names for a login typed as `username`: a customer's account
    by its customer number (audit.actor_name), anything else as typed."""
    if user is None:
        return username
    return audit.actor_name(username, user.role, user.customer_id) or username


def throttled(
    session: Session, username: str, address: str, now: datetime, refusal: throttle.TooManyAttempts
) -> None:
    """Record a login the throttle refused (`refusal`) as `login_throttled`, with the
    username and the address, in its own transaction (the caller commits, then answers
    429). At most once per account per throttle window, and once per address while only
    the address is over its limit: a flood of refused attempts, however many usernames it
    tries, adds a bounded number of entries (an account's only after its own counted
    failures, each already a `login_failed`)."""
    username = username[:80]
    user = session.scalar(select(User).where(User.username == username))
    recent = select(AuditEntry.id).where(
        AuditEntry.action == "login_throttled", AuditEntry.at > now - throttle.WINDOW
    )
    if refusal.over == "address":  # any username: the address is what is over
        recent = recent.where(AuditEntry.address == address[:64])
    else:
        recent = recent.where(AuditEntry.actor == _named(username, user))
    if session.scalar(recent.limit(1)) is not None:
        return
    audit.record(
        session,
        _named(username, user),
        "login_throttled",
        target=f"user:{user.id}" if user else None,
        details={"over": refusal.over, "retry_after": refusal.retry_after},
        address=address,
        customer_id=user.customer_id if user else None,
        at=now,
    )


def refused() -> Unauthorized:
    return Unauthorized(WRONG, {"password": WRONG})


def customer_login(session: Session, customer_id: int) -> User | None:
    return session.scalar(select(User).where(User.customer_id == customer_id, User.role == "customer"))


def end_portal_access_of_lost_addresses(
    session: Session, before: dict | None, after: dict, actor: Principal | str | None, address: str | None
) -> bool:
    """A customer's portal is reached through their e-mail addresses: a login link goes to
    one, and a password login is named by one (unless an admin named it otherwise). When
    an address is no longer the customer's (`before` and `after` their records; it was
    mistyped, or someone else's), whoever holds it must not keep the customer's portal: a
    password login named by an address they no longer have is deleted, and when any
    address went, every portal session of the customer ends and the links not yet used
    are deleted. On the trail as `portal_access_ended`. `before` None: only the login's
    name is checked. True when anything ended."""
    customer_id = after["id"]
    now_addresses = {e["address"].lower() for e in after.get("emails") or []}
    lost = (
        {e["address"].lower() for e in before.get("emails") or []} - now_addresses
        if before is not None
        else set()
    )
    user = customer_login(session, customer_id)
    stale_login = (  # a login named by an address (an admin may name one otherwise)
        user is not None and "@" in user.username and user.username.lower() not in now_addresses
    )
    if not lost and not stale_login:
        return False
    now = utcnow()
    ended = rows_changed(
        session,
        update(LoginSession)
        .where(
            LoginSession.customer_id == customer_id,
            LoginSession.role == "customer",
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=now),
    )
    session.execute(delete(LoginLink).where(LoginLink.customer_id == customer_id))
    audit.record(
        session,
        actor,
        "portal_access_ended",
        target=f"user:{user.id}" if stale_login and user is not None else None,
        details={"login_deleted": stale_login, "logins_ended": ended},
        address=address,
        customer_id=customer_id,
    )
    if stale_login and user is not None:
        session.delete(user)
    session.flush()
    return True


def set_customer_password(
    session: Session,
    customer_id: int,
    username: str,
    password: str,
    me: Principal | None = None,
    address: str | None = None,
) -> User:
    """The customer's own password login: changed if they have one (their other logins
    end; `me`, the one asking, stays), made (under `username`, their e-mail) if not."""
    user = customer_login(session, customer_id)
    if user is None:
        user = create_user(session, username, password, "customer", customer_id=customer_id)
        audit.record(
            session,
            me,
            "user_created",
            target=f"user:{user.id}",
            details={"username": username, "role": "customer"},
            address=address,
            customer_id=customer_id,
        )
        return user
    actor = me or Principal(user.username, "customer", customer_id)
    set_password(
        session, actor, user, password, address or "", utcnow(), keep_session=me.session_id if me else None
    )
    return user


def get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", {"user_id": "not found"})
    return user


def listing(session: Session, cursor: str | None, limit: int) -> dict:
    """Accounts by id, a page at a time: {"items": [User], "next_cursor": str|None}."""
    limit = max(1, min(limit, MAX_LIMIT))
    query = select(User).order_by(User.id)
    if cursor:
        query = query.where(User.id > _after(cursor))
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": _cursor(rows[-1].id) if more else None}


def _cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    try:
        after = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["after"]
        if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**31:
            raise ValueError
        return after
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("the cursor is not one this list gave", {"cursor": "unknown cursor"}) from None


def change(session: Session, admin: Principal, user: User, wanted: dict, address: str, now: datetime) -> None:
    """An admin's change of role, extension or disabled, audited with old and new values.
    Disabling ends the account's logins at once. An admin cannot disable or demote
    themselves (the last way in could go)."""
    own = user.username == admin.username
    if own and (wanted.get("disabled") is True or wanted.get("role", user.role) != user.role):
        raise InvalidInput(
            "you cannot disable or demote your own account",
            {"disabled" if wanted.get("disabled") else "role": "not your own"},
        )
    if "role" in wanted and (user.role == "customer") != (wanted["role"] == "customer"):
        raise InvalidInput("a customer login stays a customer login", {"role": "staff or customer"})
    changes = []
    for name in ("role", "extension"):
        if name in wanted and wanted[name] != getattr(user, name):
            changes.append({"field": name, "old": getattr(user, name), "new": wanted[name]})
            setattr(user, name, wanted[name])
    target = f"user:{user.id}"
    if changes:
        audit.record(
            session, admin, "user_changed", target=target, details={"changes": changes}, address=address
        )
    if "disabled" in wanted and wanted["disabled"] != (user.disabled_at is not None):
        if wanted["disabled"]:
            user.disabled_at = now
            ended = sessions.revoke_all(session, user.id, now)
            audit.record(
                session,
                admin,
                "user_disabled",
                target=target,
                details={"logins_ended": ended},
                address=address,
            )
        else:
            user.disabled_at = None
            audit.record(session, admin, "user_enabled", target=target, address=address)
    session.flush()


def set_password(
    session: Session,
    actor: Principal,
    user: User,
    password: str,
    address: str,
    now: datetime,
    keep_session: int | None = None,
) -> None:
    """A new password; every other login of the account ends (not `keep_session`, the
    one that changed it)."""
    user.password_hash = offload(hash_password, password)
    ended = sessions.revoke_all(session, user.id, now, keep=keep_session)
    audit.record(
        session,
        actor,
        "password_changed",
        target=f"user:{user.id}",
        details={
            "by": "self" if actor.username == user.username or actor.role == "customer" else "admin",
            "logins_ended": ended,
        },
        address=address,
        customer_id=user.customer_id,
    )


def change_own_password(
    session: Session,
    me: Principal,
    old: str,
    new: str,
    address: str,
    now: datetime,
    limits: throttle.Limits = throttle.DEFAULT_LIMITS,
) -> bool:
    """The user's own change; False (nothing changed, the failure counted) when the old
    password is wrong: failures count towards the login throttle, or a stolen token would
    let the password be guessed. The caller commits, then refuses."""
    throttle.check(session, me.username, address, now, limits)
    user = session.scalar(select(User).where(User.username == me.username))
    if user is None:
        raise NotFound("no such account", {"username": "not found"})
    if not offload(verify_password, old, user.password_hash):
        throttle.failed(session, me.username, address, now)
        return False
    set_password(session, me, user, new, address, now, keep_session=me.session_id)
    return True

"""Login sessions: every bearer token names one, and every request checks it in the
database (one read by primary key), so a logout, a disabled account or a changed password
ends a token at once, in every gateway process. The role comes from the account each time:
an admin's change of role applies to tokens already out."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crm_common.dml import rows_changed
from crm_common.errors import Unauthorized
from gateway.auth import Principal, TokenAnswer, token_answer
from gateway.models import LoginSession, User

ENDED = "this login has ended; log in again"


def open_session(
    session: Session,
    principal: Principal,
    user_id: int | None,
    secret: str,
    ttl_seconds: int,
    now: datetime,
) -> TokenAnswer:
    """Record a login and answer its token (TokenOut)."""
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now - timedelta(days=1)))
    row = LoginSession(
        user_id=user_id,
        username=principal.username,
        role=principal.role,
        customer_id=principal.customer_id,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_seconds),
    )
    session.add(row)
    session.flush()
    named = Principal(principal.username, principal.role, principal.customer_id, row.id)
    return token_answer(named, secret, ttl_seconds)


def current(session: Session, claimed: Principal, now: datetime) -> Principal:
    """The principal of a token whose signature was checked, as the database has it now;
    Unauthorized when its session was revoked or has expired, or its account is disabled
    or gone."""
    if claimed.session_id is None:
        raise Unauthorized(ENDED, {"authorization": "ended"})
    found = session.execute(
        select(LoginSession, User)
        .outerjoin(User, User.id == LoginSession.user_id)
        .where(LoginSession.id == claimed.session_id)
    ).first()
    if found is None:
        raise Unauthorized(ENDED, {"authorization": "ended"})
    login, user = found
    if login.revoked_at is not None or login.expires_at <= now or login.username != claimed.username:
        raise Unauthorized(ENDED, {"authorization": "ended"})
    if login.user_id is None:
        return Principal(login.username, login.role, login.customer_id, login.id)
    if user is None or user.disabled_at is not None:
        raise Unauthorized(ENDED, {"authorization": "ended"})
    return Principal(user.username, user.role, user.customer_id, login.id)


def still_valid(session: Session, claimed: Principal, now: datetime) -> bool:
    try:
        current(session, claimed, now)
    except Unauthorized:
        return False
    return True


def revoke(session: Session, session_id: int, now: datetime) -> None:
    session.execute(
        update(LoginSession)
        .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_all(session: Session, user_id: int, now: datetime, keep: int | None = None) -> int:
    """End every login of an account (but `keep`, the one asking); how many ended."""
    query = update(LoginSession).where(
        LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None), LoginSession.expires_at > now
    )
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return rows_changed(session, query.values(revoked_at=now))

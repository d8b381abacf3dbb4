"""One-time portal login links (C12, G4): a customer who has no password asks for a link
by e-mail; the link logs them in once, within LIFETIME. Only a hash of the token is kept,
so a copy of the database opens nothing; a conditional UPDATE makes the second use fail
even when two clicks race."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crm_common.errors import Unauthorized
from gateway.models import LoginLink

LIFETIME = timedelta(minutes=20)
PER_HOUR = 5  # links per customer per hour: a form cannot be used to flood someone's inbox
PER_ADDRESS_PER_HOUR = 20  # links asked for from one client address: nor everyone's inboxes


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, customer_id: int, now: datetime, address: str | None = None) -> str | None:
    """A new link's token, or None when the customer already got PER_HOUR this hour, or
    the client `address` asked for PER_ADDRESS_PER_HOUR (the form answers the same)."""
    hour = now - timedelta(hours=1)
    recent = session.scalar(
        select(func.count())
        .select_from(LoginLink)
        .where(LoginLink.customer_id == customer_id, LoginLink.created_at > hour)
    )
    if (recent or 0) >= PER_HOUR:  # a count is never None; its type does not say so
        return None
    if address is not None:
        from_there = session.scalar(
            select(func.count())
            .select_from(LoginLink)
            .where(LoginLink.address == address[:64], LoginLink.created_at > hour)
        )
        if (from_there or 0) >= PER_ADDRESS_PER_HOUR:
            return None
    token = secrets.token_urlsafe(32)
    session.add(
        LoginLink(
            token_hash=_hash(token),
            customer_id=customer_id,
            created_at=now,
            expires_at=now + LIFETIME,
            address=address and address[:64],
        )
    )
    session.flush()
    return token


def redeem(session: Session, token: str, now: datetime) -> int:
    """The customer the link is for, marking it used; Unauthorized when unknown, used or
    expired."""
    used = session.execute(
        update(LoginLink)
        .where(LoginLink.token_hash == _hash(token), LoginLink.used_at.is_(None), LoginLink.expires_at > now)
        .values(used_at=now)
        .returning(LoginLink.customer_id)
    ).first()
    if used is None:
        raise Unauthorized(
            "this login link has been used or has expired; ask for a new one", {"token": "used or expired"}
        )
    return used[0]

"""Accounts: creating them and checking a login."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, Unauthorized
from gateway.auth import Principal, hash_password, verify_password
from gateway.models import User


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
        password_hash=hash_password(password),
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


def authenticate(session: Session, username: str, password: str) -> Principal:
    user = session.scalar(select(User).where(User.username == username))
    # Hash even for an unknown user, so the answer takes as long either way.
    stored = user.password_hash if user else hash_password("not-a-user")
    if not verify_password(password, stored) or user is None:
        raise Unauthorized("wrong username or password", {"password": "wrong username or password"})
    return Principal(user.username, user.role, user.customer_id)


def customer_login(session: Session, customer_id: int) -> User | None:
    return session.scalar(select(User).where(User.customer_id == customer_id, User.role == "customer"))


def set_customer_password(session: Session, customer_id: int, username: str, password: str) -> User:
    """The customer's own password login: changed if they have one, made (under
    `username`, their e-mail) if not."""
    user = customer_login(session, customer_id)
    if user is None:
        return create_user(session, username, password, "customer", customer_id=customer_id)
    user.password_hash = hash_password(password)
    return user

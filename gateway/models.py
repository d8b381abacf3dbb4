"""The gateway's own table: who may log in, and as what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_common.types import JSONDocument, UTCDateTime


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[int | None] = mapped_column(Integer)
    extension: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set: no login, no token works


class LoginSession(Base):
    """One login: every bearer token names its row, and each request checks it (one read by
    primary key), so a logout, a disabled account or a changed password ends the token at
    once. A portal customer who came by a login link may have no User row (user_id null)."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """A failed password login, counted per account and per client address to throttle
    guessing; kept in the database because several gateway processes may run."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginLink(Base):
    """A one-time portal login sent by mail: only its hash is kept, it works once, and
    only for a short while."""

    __tablename__ = "login_links"
    __table_args__ = (Index("ix_login_links_address_created_at", "address", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str | None] = mapped_column(String(64))  # who asked (a limit per address)


class AuditEntry(Base):
    """One act on the record: who did what, when, to whom. Rows are only ever added: the
    database refuses an UPDATE or DELETE (triggers in the migration), except the one an
    erasure makes, which blanks an entry's personal values and stamps `erased_at`."""

    __tablename__ = "audit_entries"
    # one person's acts of one kind lately: the limit on searches by national id counts them
    __table_args__ = (Index("ix_audit_entries_actor_action_at", "actor", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(80), index=True)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    target: Mapped[str | None] = mapped_column(String(120))
    details: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    address: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="gateway")
    source_event_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeskLine(Base):
    """When a staff member's live desk stream was last seen open, one row per person: every
    open stream, in any tab and any gateway process, moves `seen_at` on. A line unseen for
    the grace period is gone (`gone_at`, set once by a conditional UPDATE): the agent is
    then set offline. Kept in the database because several gateway processes may run."""

    __tablename__ = "desk_lines"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""The messaging service's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class Message(Base):
    """One message to a customer (or, for SLA warnings and reminders, to staff).
    `dedupe_key` (e.g. `case_opened:42`) is unique, so an automatic message exists at most
    once whatever delivers its trigger twice (M2); its status says whether it went out."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        Integer, index=True
    )  # None: to staff, or a sender in review
    channel: Mapped[str] = mapped_column(String(12))
    template: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # threading, for mail: a case reply's own Message-ID and the customer's mail it answers
    message_id: Mapped[str | None] = mapped_column(String(250))
    in_reply_to: Mapped[str | None] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # delivery (M5): queued → sending → sent | failed; see services/messaging/delivery.py
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure: Mapped[str | None] = mapped_column(Text)
    provider_ref: Mapped[str | None] = mapped_column(String(250))

    __table_args__ = (Index("ix_messages_to_send", "status", "next_attempt_at"),)


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass

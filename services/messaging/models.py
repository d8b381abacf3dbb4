"""The messaging service's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class Message(Base):
    """One message to a customer (or, for SLA warnings, to staff). `dedupe_key` (e.g.
    `case_opened:42`) is unique, so an automatic message exists at most once whatever
    delivers its trigger twice (M2)."""

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


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass

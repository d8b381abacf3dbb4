"""The messaging service's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import UTCDateTime

SUBJECT_LENGTH = 200  # a message's subject, cut to fit (outgoing.py)


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
    recipient: Mapped[str | None] = mapped_column(String(500))  # an address, a number, or a postal address
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)  # e-mail's HTML part, beside `body`
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20))
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    campaign_id: Mapped[int | None] = mapped_column(Integer, index=True)
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
    # secrets the body shows as placeholders (a login link), encrypted until sent, then
    # wiped; see services/messaging/sealing.py. Never part of MessageOut.
    sealed: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_messages_to_send", "status", "next_attempt_at"),)


class MessageTemplate(Base):
    """A template kept as data (M1): per name, language and channel (email with a text
    and an optional HTML part, sms, letter), or a `partial` that others include
    (`{% include "signature" %}`). `marketing` ones are never sent on a channel the
    customer opted out of. Where none is stored, the built-in English text is used."""

    __tablename__ = "message_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(12))  # email | sms | letter | partial
    purpose: Mapped[str] = mapped_column(String(10), default="service")  # service | marketing
    topic: Mapped[str | None] = mapped_column(String(60))  # a newsletter's name, for opt-outs
    subject: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("name", "language", "channel", name="uq_template_name_language_channel"),
    )


class EventRule(Base):
    """Which event sends which template on which channel (M2), as configuration. An event
    with no rules sends what services/messaging/outgoing.py names by default."""

    __tablename__ = "event_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    template: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("event_type", "channel", name="uq_event_rule_event_channel"),)


class OptOut(Base):
    """A customer who wants no marketing on a channel (all of it, or one newsletter)."""

    __tablename__ = "opt_outs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    channel: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str | None] = mapped_column(String(60))  # None: every marketing message
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("customer_id", "channel", "topic", name="uq_opt_out"),)


class TemplateSet(Base):
    """One row whose version moves with every template change: each process keeps its
    compiled templates until then."""

    __tablename__ = "template_set"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Campaign(Base):
    """A template sent to a saved selection (M4), throttled, resumable: `cursor` is the
    last customer id handed a message, moved in the same transaction as their message,
    and each message's key is `campaign:<id>:<customer>`, so a restart sends nobody twice."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    template: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(12))
    selection_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # draft | running | paused | done
    per_minute: Mapped[int] = mapped_column(Integer)
    order_window_days: Mapped[int] = mapped_column(Integer, default=14)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    targeted: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    advanced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CampaignResponse(Base):
    """How a customer answered a campaign: replied (mail or SMS back), or ordered within
    the campaign's window after its message was sent. Once each."""

    __tablename__ = "campaign_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # replied | ordered
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("campaign_id", "customer_id", "kind", name="uq_campaign_response"),)


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass

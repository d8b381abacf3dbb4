"""The case service's tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import JSONDocument, Money, UTCDateTime
from services.case import search


class Base(DeclarativeBase):
    pass


class Case(Base):
    """An inquiry. `customer_id` is empty only while an unknown sender waits in the
    register's review queue (`review_id`); `sender` keeps who wrote in the meantime.
    Language, region, postcode and tier are copied from the customer when it opens, so
    routing and SLA never wait on another service."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(12))
    priority: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(60))
    product_group: Mapped[str | None] = mapped_column(String(60))
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(8))
    postcode: Mapped[str | None] = mapped_column(String(12))
    tier: Mapped[str | None] = mapped_column(String(20))
    queue: Mapped[str | None] = mapped_column(String(60))
    assignee: Mapped[str | None] = mapped_column(String(80), index=True)
    order_id: Mapped[int | None] = mapped_column(Integer)  # the customer's order it is about
    opened_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    awaiting_response_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the SLA (K5): due times in UTC, computed in the policy's business calendar
    sla_policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policies.id"))
    first_response_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_response_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breaches: Mapped[list[str]] = mapped_column(JSONDocument, default=list)

    __table_args__ = (Index("ix_cases_waiting", "status", "queue", "assignee"),)


class JournalEntry(Base):
    """One thing on a case (K3): a message in or out, an internal note, a status change or
    an assignment. Only `public` entries are ever shown to the customer. `message_id` is
    the mail's Message-ID (or the SMS provider's id): unique, so a webhook delivered twice
    journals once, and a reply's In-Reply-To finds its case."""

    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # message | note | status | assignment | change | sla
    direction: Mapped[str | None] = mapped_column(String(3))  # in | out
    channel: Mapped[str | None] = mapped_column(String(12))
    visibility: Mapped[str] = mapped_column(String(8))  # public | internal
    author: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(250), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="entry", lazy="selectin", order_by="Attachment.id"
    )


class Attachment(Base):
    """A file that came with a message, kept byte for byte."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    entry: Mapped[JournalEntry] = relationship(back_populates="attachments")


class Agent(Base):
    """Someone cases are routed to (K4). `open_cases` is counted in SQL beside `capacity`
    (a CHECK keeps it within), so two routings at once never overfill an agent.
    `resolution_hours` is a moving average of recent resolution times: efficiency."""

    __tablename__ = "agents"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(40))
    presence: Mapped[str] = mapped_column(String(10))  # available | away | offline
    capacity: Mapped[int] = mapped_column(Integer)
    open_cases: Mapped[int] = mapped_column(Integer, default=0)
    skills: Mapped[dict[str, int]] = mapped_column(JSONDocument, default=dict)  # {"billing": 3}
    languages: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    regions: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    queues: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # empty: every queue
    resolution_hours: Mapped[float | None] = mapped_column(Float)
    solved_count: Mapped[int] = mapped_column(Integer, default=0)
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    presence_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("open_cases >= 0", name="agent_open_cases_not_negative"),
        CheckConstraint("open_cases <= capacity", name="agent_within_capacity"),
    )


class RoutingRule(Base):
    """One rule of the routing set (K4), as data: when every condition it names holds,
    it sends the case to `queue` (or straight to `agent`) and asks for `skills`. Among the
    rules that hold, the heaviest picks the queue; the skills of all of them add up."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    weight: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    conditions: Mapped[dict[str, list[str]]] = mapped_column(JSONDocument, default=dict)
    queue: Mapped[str | None] = mapped_column(String(60))
    agent: Mapped[str | None] = mapped_column(String(80))
    skills: Mapped[dict[str, int]] = mapped_column(JSONDocument, default=dict)


class RoutingSettings(Base):
    """How much each key counts when agents are compared (one row), and a version that
    moves on every change of rules or weights so each process reloads its copy."""

    __tablename__ = "routing_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    weights: Mapped[dict[str, float]] = mapped_column(JSONDocument, default=dict)


class Assignment(Base):
    """Why a case went where it went: the rule, the agent's score and its parts."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agent: Mapped[str | None] = mapped_column(String(80))
    queue: Mapped[str | None] = mapped_column(String(60))
    rule_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    assigned_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Calendar(Base):
    """Business hours (K5): opening hours per weekday in a time zone, the public holidays
    of a country (from the `holidays` package) and extra closed days."""

    __tablename__ = "calendars"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    # {"mon": [["08:00", "17:00"]], ...}
    hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSONDocument)
    closed_days: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # ["2026-12-24"]


class SlaPolicy(Base):
    """Targets in business minutes for the customer tiers it names (K5), and the
    escalation steps before and at each breach."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    tiers: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # empty: any tier
    priorities: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # empty: any
    rank: Mapped[int] = mapped_column(Integer, default=100)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendars.id"))
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    next_response_minutes: Mapped[int | None] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    escalations: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    calendar: Mapped[Calendar] = relationship(lazy="joined")


class SlaTimer(Base):
    """An escalation step waiting for its moment. Kept in the database, so a restart
    loses none; `fired_at` is set by a conditional UPDATE, so it fires once."""

    __tablename__ = "sla_timers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    target: Mapped[str] = mapped_column(String(20))  # first_response | next_response | resolution
    step: Mapped[int] = mapped_column(Integer)
    fire_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index(
            "ix_sla_timers_due",
            "fire_at",
            sqlite_where=text("fired_at IS NULL AND NOT cancelled"),
            postgresql_where=text("fired_at IS NULL AND NOT cancelled"),
        ),
    )


class FaqEntry(Base):
    """An answer worth keeping (K7), filed by industry, product and problem, in one
    language. Its words are in the full-text index (services/case/search.py)."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    industry: Mapped[str | None] = mapped_column(String(60))
    product: Mapped[str | None] = mapped_column(String(60))
    problem: Mapped[str | None] = mapped_column(String(60))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    source_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReplyTemplate(Base):
    """A reply an agent starts from (K8): placeholders filled from the customer, the case
    and an order; `{{ text }}` is where the agent's own words go."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8))
    category: Mapped[str | None] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("name", "language", name="uq_reply_template_name_language"),)


class CallType(Base):
    """What a call was about (K9): invoice question, product inquiry, complaint…"""

    __tablename__ = "call_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CallRegistration(Base):
    """The type of one call, registered by the agent who took it, with or without an
    order or a case coming of it (K9). `call_id` is the telephony service's call, when the
    PBX reported it; an external agency answering for us is named for its commission."""

    __tablename__ = "call_registrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    call_type: Mapped[str] = mapped_column(String(80), index=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    agent: Mapped[str] = mapped_column(String(80))
    agency: Mapped[str | None] = mapped_column(String(80))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    order_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class AgendaItem(Base):
    """The team's shared agenda (K12): a booking of a resource (a room, a car), a meeting
    with invited participants, a task with a due time, or a watch ("the contract period
    ends") that exists for its reminder."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # booking | meeting | task | watch
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(80), index=True)
    participants: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    resource: Mapped[str | None] = mapped_column(String(80), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    at_login: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonalEntry(Base):
    """A line of someone's own list (K12): kilometres driven or an expense, summed per
    month and year for the mileage and expense reports."""

    __tablename__ = "personal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # mileage | expense
    on_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)  # kilometres, or money in `currency`
    currency: Mapped[str | None] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(String(300))
    customer_id: Mapped[int | None] = mapped_column(Integer)


class Correspondence(Base):
    """A letter in or out (K13), registered, forwarded to a person or department, with a
    reply deadline; the reminder before it is a Reminder."""

    __tablename__ = "correspondence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    counterpart: Mapped[str] = mapped_column(String(200))  # who sent it, or to whom it went
    subject: Mapped[str] = mapped_column(String(200))
    on_date: Mapped[date] = mapped_column(Date, index=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    forwarded_to: Mapped[str | None] = mapped_column(String(80))
    department: Mapped[str | None] = mapped_column(String(80))
    reply_by: Mapped[date | None] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Document(Base):
    """A contract, policy or other paper (K13): where the original is kept and when it
    expires, with a reminder before that. A contract may carry the SLA its customer gets."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # contract | policy | other
    title: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    paper_location: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    responsible: Mapped[str] = mapped_column(String(80))
    # a contract's service level: the customer's cases get it while the contract runs (K5)
    sla_policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Reminder(Base):
    """Something to tell someone at a set time (agenda items, reply deadlines, expiring
    documents). Fired once by the service's timer with a conditional UPDATE; kept in the
    database, so a restart loses none."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    about: Mapped[str] = mapped_column(String(20))  # agenda | correspondence | document
    about_id: Mapped[int] = mapped_column(Integer)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recipients: Mapped[list[str]] = mapped_column(JSONDocument)  # usernames
    note: Mapped[str] = mapped_column(String(300))
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_reminders_about", "about", "about_id"),
        Index(
            "ix_reminders_due",
            "remind_at",
            sqlite_where=text("fired_at IS NULL AND NOT cancelled"),
            postgresql_where=text("fired_at IS NULL AND NOT cancelled"),
        ),
    )


class CaseCounter(Base):
    """The last case number used in a year; bumped in the case's own transaction."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass


search.created_with(Base.metadata)

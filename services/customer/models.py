"""The customer service's tables. Persons and organisations share one table (a customer
id means either), with the columns that belong to one kind left empty for the other."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import JSONDocument, Money, UTCDateTime


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # person | organisation
    name: Mapped[str] = mapped_column(String(200), index=True)
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(8))
    national_id: Mapped[str | None] = mapped_column(String(32), index=True)
    org_number: Mapped[str | None] = mapped_column(String(32), index=True)
    birthday: Mapped[date | None] = mapped_column(Date)
    name_day: Mapped[str | None] = mapped_column(String(5))
    job_title: Mapped[str | None] = mapped_column(String(120))
    industry: Mapped[str | None] = mapped_column(String(120))
    categories: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    discount_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    credit_limit: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    tier: Mapped[str] = mapped_column(String(12), default="standard")
    newsletter: Mapped[bool] = mapped_column(Boolean, default=False)
    # consent to marketing (opt-in): campaigns reach only those who gave it; when it last
    # changed and how ("portal", "agent:<username>", "import", "web order")
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_source: Mapped[str | None] = mapped_column(String(80))
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # set once the person's data was erased (GDPR art. 17, personal_data.py): no change after
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    phones: Mapped[list[Phone]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Phone.id"
    )
    emails: Mapped[list[Email]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Email.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Address.id"
    )


class Phone(Base):
    __tablename__ = "phones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    e164: Mapped[str] = mapped_column(String(20), index=True)
    raw: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(20), default="work")
    customer: Mapped[Customer] = relationship(back_populates="phones")


class Email(Base):
    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    normalised: Mapped[str] = mapped_column(String(254), index=True)
    label: Mapped[str] = mapped_column(String(20), default="work")
    customer: Mapped[Customer] = relationship(back_populates="emails")


class Address(Base):
    """One address of a customer over a period: the current one has no valid_to (C6)."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(12))  # postal | visiting | delivery
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    customer: Mapped[Customer] = relationship(back_populates="addresses")

    __table_args__ = (Index("ix_addresses_customer_current", "customer_id", "valid_to"),)


class Employment(Base):
    """A person's tie to an organisation over time; contact person and newsletter flags
    make the organisation's contact and newsletter lists (C9)."""

    __tablename__ = "employments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    job_title: Mapped[str | None] = mapped_column(String(120))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    is_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    receives_newsletter: Mapped[bool] = mapped_column(Boolean, default=False)


class Note(Base):
    """Chronological notes: who said what, when (C9)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notes_customer_created", "customer_id", "created_at"),)


class LogEntry(Base):
    """A piece of information about a customer with its importance, for as long as it is
    relevant (C8): red pops up when the customer is opened, `remind_at_login` greets its
    author at the next login."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    importance: Mapped[str] = mapped_column(String(10))  # red, yellow, green
    relevant_until: Mapped[date | None] = mapped_column(Date)
    pop_up: Mapped[bool] = mapped_column(Boolean, default=False)
    remind_at_login: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_log_entries_customer", "customer_id", "relevant_until"),
        Index("ix_log_entries_login", "author", "remind_at_login"),
    )


class AddressBlock(Base):
    """A blocked postal code, postal-code range, street in a town, or exact address (C3)."""

    __tablename__ = "address_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # postcode | postcode_range | street | address
    country: Mapped[str] = mapped_column(String(2), index=True)
    postcode_from: Mapped[str | None] = mapped_column(String(16))
    postcode_to: Mapped[str | None] = mapped_column(String(16))
    street: Mapped[str | None] = mapped_column(String(200))
    street_key: Mapped[str | None] = mapped_column(String(200))
    house: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Merge(Base):
    """The audit trail of merges (C7): who folded which customer into which, when, and the
    merged customer as it was, so nothing is lost and the merge can be traced back."""

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), unique=True)
    merged_by: Mapped[str] = mapped_column(String(80))
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class ReviewItem(Base):
    """A registration that waits for an agent (C5): it looked like a duplicate or its
    address was flagged. Decided as new, merged into an existing customer, or rejected."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), index=True)  # pending | approved | merged | rejected
    source: Mapped[str] = mapped_column(String(30))  # web_order | self_registration | import | api
    reference: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    submitted_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    note: Mapped[str | None] = mapped_column(Text)


class ImportJob(Base):
    """A CSV import (C11): the file, how its columns map, and how far it has come. Rows
    are processed in batches that commit together with `done`, so an interrupted import
    resumes where it stopped and never imports a row twice."""

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # queued | running | done
    mode: Mapped[str] = mapped_column(String(12))  # review | link | skip
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)  # the file; blanked when the import is done
    mapping: Mapped[dict[str, str]] = mapped_column(JSONDocument)
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    queued: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    started_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DuplicateScan(Base):
    """A run over the whole register for duplicate pairs already in it (C2)."""

    __tablename__ = "duplicate_scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # queued | running | done
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    last_customer_id: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(Integer, default=0)
    groups: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FrequentKey(Base):
    """Blocking keys too common to pair on during one scan (see blocking.BLOCK_CAP)."""

    __tablename__ = "duplicate_scan_frequent_keys"

    scan_id: Mapped[int] = mapped_column(ForeignKey("duplicate_scans.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)


class DuplicatePair(Base):
    __tablename__ = "duplicate_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("duplicate_scans.id"))
    first_id: Mapped[int] = mapped_column(Integer)
    second_id: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(12))
    reasons: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # Set when the pair was not found alike by itself but through others of its group:
    # the customers that link the two, in order.
    via: Mapped[list[int] | None] = mapped_column(JSONDocument)

    __table_args__ = (
        Index("ix_duplicate_pairs_scan_score", "scan_id", "score"),
        Index("ix_duplicate_pairs_scan_first", "scan_id", "first_id"),
    )


class DuplicateGroupMember(Base):
    """Customers a scan found to be one: joined through their duplicate pairs (C2)."""

    __tablename__ = "duplicate_group_members"

    scan_id: Mapped[int] = mapped_column(ForeignKey("duplicate_scans.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer)  # the lowest customer id in the group

    __table_args__ = (Index("ix_duplicate_group_members_group", "scan_id", "group_id"),)


class MatchKey(Base):
    """A blocking key of a customer (see blocking.py): who to compare a new record with."""

    __tablename__ = "match_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_match_keys_key_customer", "key", "customer_id"),)


class MatchProfile(Base):
    """A customer as matching compares it (profile_store.py), kept with the keys."""

    __tablename__ = "match_profiles"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    form: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class MatchKeyCount(Base):
    """How many customers hold each key, kept with the keys: frequency weights and block
    caps read one row instead of counting a common name's thousands of entries."""

    __tablename__ = "match_key_counts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class Purchase(Base):
    """Read model for selections (C10): who bought what when, from the order service's
    `order_placed` events (a cancelled order's lines are taken out again)."""

    __tablename__ = "sel_purchases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    order_id: Mapped[int] = mapped_column(Integer, index=True)
    sku: Mapped[str] = mapped_column(String(40))
    product_group: Mapped[str | None] = mapped_column(String(60))
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_sel_purchases_sku", "sku", "customer_id", "ordered_at"),
        Index("ix_sel_purchases_group", "product_group", "customer_id", "ordered_at"),
        UniqueConstraint("order_id", "sku", name="uq_sel_purchase_order_sku"),
    )


class Mailing(Base):
    """Read model for selections (C10): which message (template) reached whom and when,
    from messaging's `message_sent` events."""

    __tablename__ = "sel_mailings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[int] = mapped_column(Integer, unique=True)
    template: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(12))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_sel_mailings_template", "template", "customer_id", "sent_at"),)


class PredictionModel(Base):
    """One training of the predictions (C13): when, over what horizon, and how well it did
    on the held-back period — the scores it is judged by."""

    __tablename__ = "prediction_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime)
    horizon_days: Mapped[int] = mapped_column(Integer)
    customers: Mapped[int] = mapped_column(Integer)
    churn_auc: Mapped[float | None] = mapped_column(Float)
    churn_base_rate: Mapped[float | None] = mapped_column(Float)
    next_group_hit_rate: Mapped[float | None] = mapped_column(Float)
    next_group_baseline: Mapped[float | None] = mapped_column(Float)


class Prediction(Base):
    """A customer's scores from the latest model: the risk of not buying again within the
    horizon, and the product group they are likeliest to buy next."""

    __tablename__ = "predictions"

    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("prediction_models.id"))
    churn_risk: Mapped[float] = mapped_column(Float, index=True)
    next_group: Mapped[str | None] = mapped_column(String(60))
    next_group_probability: Mapped[float | None] = mapped_column(Float)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Selection(Base):
    """A saved, named selection (C10): its criteria as validated JSON, and its size the
    last time it ran."""

    __tablename__ = "selections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    criteria: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_size: Mapped[int | None] = mapped_column(Integer)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass

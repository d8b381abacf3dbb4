"""The order service's tables: the catalogue, orders, offers, and the money after the
order (deliveries, invoices, payments, returns, refunds)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from crm_common.idempotency import ProcessedEventMixin
from crm_common.outbox import OutboxMixin
from crm_common.types import JSONDocument, Money, UTCDateTime


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product for sale. `price` includes VAT (consumer prices, as Nordic shops show
    them). Available to sell = stock_on_hand - reserved."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    product_group: Mapped[str | None] = mapped_column(String(60))
    price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    stock_on_hand: Mapped[int] = mapped_column(Integer)
    reserved: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    restock_date: Mapped[date | None] = mapped_column(Date)
    restock_quantity: Mapped[int | None] = mapped_column(Integer)
    # kept by catalogue.set_alternatives: most products have none, and order entry then
    # need not look
    has_alternatives: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("stock_on_hand >= 0", name="ck_products_stock_not_negative"),
        CheckConstraint("reserved >= 0 AND reserved <= stock_on_hand", name="ck_products_reserved_in_stock"),
    )


class ProductAlternative(Base):
    """What to offer instead when a product cannot ship now, best first."""

    __tablename__ = "product_alternatives"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    alternative_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)


class WeekProduct(Base):
    """The product of the week, keyed by the Monday the week starts on."""

    __tablename__ = "week_products"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))


class DeliveryMethod(Base):
    __tablename__ = "delivery_methods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(Money)
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Offer(Base):
    """A discount offered to one customer (or to everyone when customer_id is None):
    a percentage or an amount, on one product or the whole order, within its validity,
    usable max_uses times (None: unlimited)."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    description: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # percent | amount
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    max_uses: Mapped[int | None] = mapped_column(Integer)
    used_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("max_uses IS NULL OR used_count <= max_uses", name="ck_offers_not_overused"),
    )


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)  # None while held for review
    # held_for_review | awaiting_approval | awaiting_payment | placed | partially_shipped
    # | shipped | cancelled
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10), default="agent", server_default="agent")  # agent | web
    reference: Mapped[str | None] = mapped_column(String(100))  # the web shop's order number
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    seller: Mapped[str | None] = mapped_column(String(100), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    # one unit of `currency` in the base currency when booked (1 for the base currency)
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6), default=Decimal(1), server_default="1")
    quote_id: Mapped[int | None] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(20), default="invoice", server_default="invoice")
    delivery_method: Mapped[str | None] = mapped_column(String(30))
    delivery_address: Mapped[str | None] = mapped_column(String(300))  # "street, postcode city, country"
    partial_delivery: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    goods_total: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    discount_total: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    delivery_fee: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    delivery_vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=0, server_default="0")
    vat_total: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    total: Mapped[Decimal] = mapped_column(Money)
    paid: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    notices: Mapped[str | None] = mapped_column(String(500))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lines: Mapped[list[OrderLine]] = relationship(cascade="all, delete-orphan", order_by="OrderLine.id")
    discounts: Mapped[list[OrderDiscount]] = relationship(
        cascade="all, delete-orphan", order_by="OrderDiscount.id"
    )


class OrderLine(Base):
    """One product on an order. line_total is what the customer pays for the line, after
    every discount (an order-wide discount is spread over the lines), VAT included."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=0, server_default="0")
    discount: Mapped[Decimal] = mapped_column(Money, default=0, server_default="0")
    line_total: Mapped[Decimal] = mapped_column(Money)
    ships_now: Mapped[bool] = mapped_column(Boolean)  # its stock is reserved for it
    expected_on: Mapped[date | None] = mapped_column(Date)
    shipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"))
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Not stored: set in pricing (False: no alternatives), None read back; a cast, not a column annotation
    has_alternatives = cast("bool | None", None)


class OrderDiscount(Base):
    """Which offer changed which price: one row per offer applied (line_id None: the
    whole order)."""

    __tablename__ = "order_discounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))  # None: the customer's own discount
    sku: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money)


class OutboxMessage(OutboxMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    carrier: Mapped[str | None] = mapped_column(String(60))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    invoice_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invoice(Base):
    """An invoice or a credit note (kind). The number is the id: one series for both.
    `lines` is the document as issued, kept as it was."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # invoice | credit_note
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6), default=Decimal(1), server_default="1")
    amount: Mapped[Decimal] = mapped_column(Money)
    vat_total: Mapped[Decimal] = mapped_column(Money)
    paid: Mapped[Decimal] = mapped_column(Money, default=0)
    credited: Mapped[Decimal] = mapped_column(Money, default=0)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("paid >= 0 AND credited >= 0", name="ck_invoices_settled_positive"),)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(100))
    registered_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Return(Base):
    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)  # [{sku, quantity, reason, amount}]
    amount: Mapped[Decimal] = mapped_column(Money)
    credit_note_id: Mapped[int | None] = mapped_column(Integer)
    refund_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Refund(Base):
    """Money owed back to a customer (a return of something already paid, an overpayment);
    pending until paid out."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10))  # pending | paid
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Plan(Base):
    """A club to join or a subscription: a price per period."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))  # club | subscription
    price: Mapped[Decimal] = mapped_column(Money)  # per period, VAT included
    currency: Mapped[str] = mapped_column(String(3))
    period_months: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # active | ended
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        # one active membership of a plan per customer, whatever runs at the same time
        Index(
            "uq_memberships_one_active",
            "customer_id",
            "plan_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )


class Device(Base):
    """A product sold with a serial number, and its warranty (O8)."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(100), unique=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    sold_on: Mapped[date] = mapped_column(Date)
    warranty_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ServiceJob(Base):
    """Work on a device: what was wrong, what it cost, what the customer pays (nothing
    under warranty), and the call or case it came from."""

    __tablename__ = "service_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    description: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(10))  # open | done
    labour_cost: Mapped[Decimal] = mapped_column(Money)
    parts_cost: Mapped[Decimal] = mapped_column(Money)
    under_warranty: Mapped[bool] = mapped_column(Boolean)
    charged: Mapped[Decimal] = mapped_column(Money)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    call_id: Mapped[int | None] = mapped_column(Integer, index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExchangeRate(Base):
    """What one unit of a currency is worth in the base currency, as last set."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    set_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Quote(Base):
    """A quote in one currency with one or more variants; the accepted variant becomes an
    order at the quoted prices (O7)."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))  # the stored rate it was priced at
    status: Mapped[str] = mapped_column(String(10))  # open | accepted | declined
    valid_until: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(2000))
    created_by: Mapped[str | None] = mapped_column(String(100))
    accepted_variant: Mapped[str | None] = mapped_column(String(60))
    order_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    variants: Mapped[list[QuoteVariant]] = relationship(
        cascade="all, delete-orphan", order_by="QuoteVariant.id"
    )


class QuoteVariant(Base):
    __tablename__ = "quote_variants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONDocument
    )  # [{sku, name, quantity, unit_price, line_total, vat_rate}]
    total: Mapped[Decimal] = mapped_column(Money)
    vat_total: Mapped[Decimal] = mapped_column(Money)

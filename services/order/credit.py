"""A customer's credit situation (O6): limit (kept in the customer register), open
balance, what is ordered on credit but not yet invoiced, and the overdue amounts by age.
An order that would take the customer over the limit waits for a supervisor (see ordering.place_order)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import Session

from services.order.models import Invoice, Order
from services.order.money import money
from services.order.rules import PREPAID_METHODS, OrderRules

BUCKETS = (("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None))
ON_CREDIT = ("awaiting_approval", "placed", "partially_shipped")


def open_invoices(session: Session, customer_id: int) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(
                Invoice.customer_id == customer_id,
                Invoice.kind == "invoice",
                Invoice.amount > Invoice.paid + Invoice.credited,
            )
            .order_by(Invoice.due_on, Invoice.id)
        )
    )


def _on_credit(customer_id: int | BindParameter[int]) -> Select[int]:
    return select(Order.id).where(
        Order.customer_id == customer_id,
        Order.status.in_(ON_CREDIT),
        Order.payment_method.not_in(PREPAID_METHODS),
    )


def _unbilled_sql(customer_id: int | BindParameter[int]) -> ColumnElement[Decimal]:
    ordered = (
        select(func.coalesce(func.sum(Order.total * Order.rate), 0))
        .where(Order.id.in_(_on_credit(customer_id)))
        .scalar_subquery()
    )
    invoiced = (
        select(func.coalesce(func.sum(Invoice.amount * Invoice.rate), 0))
        .where(Invoice.order_id.in_(_on_credit(customer_id)), Invoice.kind == "invoice")
        .scalar_subquery()
    )
    return ordered - invoiced


def _balance_sql(customer_id: int | BindParameter[int]) -> ScalarSelect[Decimal]:
    return (
        select(func.coalesce(func.sum((Invoice.amount - Invoice.paid - Invoice.credited) * Invoice.rate), 0))
        .where(
            Invoice.customer_id == customer_id,
            Invoice.kind == "invoice",
            Invoice.amount > Invoice.paid + Invoice.credited,
        )
        .scalar_subquery()
    )


# Built once: the credit check runs on every order.
_EXPOSURE = select(_balance_sql(bindparam("cid")) + _unbilled_sql(bindparam("cid")))


def unbilled(session: Session, customer_id: int) -> Decimal:
    """Ordered on credit (invoice, cash on delivery) and not invoiced yet."""
    return Decimal(session.execute(select(_unbilled_sql(customer_id))).scalar_one()).quantize(Decimal("0.01"))


def limit_of(customer: dict[str, Any], rules: OrderRules) -> Decimal:
    """The customer's own limit from the register, else the default rule."""
    own = customer.get("credit_limit")
    return Decimal(own) if own is not None else rules.credit_limit


def situation(session: Session, customer: dict[str, Any], rules: OrderRules, today: date) -> dict[str, Any]:
    customer_id = customer["id"]
    invoices = open_invoices(session, customer_id)
    overdue = {name: Decimal("0.00") for name, _, _ in BUCKETS}
    not_due = Decimal("0.00")
    for invoice in invoices:
        owed = money((invoice.amount - invoice.paid - invoice.credited) * invoice.rate, rules.currency)
        days = (today - invoice.due_on).days
        if days <= 0:
            not_due += owed
            continue
        for name, low, high in BUCKETS:
            if days >= max(low, 1) and (high is None or days <= high):
                overdue[name] += owed
    balance = not_due + sum(overdue.values(), Decimal("0.00"))
    on_order = unbilled(session, customer_id)
    limit = limit_of(customer, rules)
    return {
        "customer_id": customer_id,
        "currency": rules.currency,
        "credit_limit": limit,
        "open_balance": balance,
        "not_due": not_due,
        "overdue": overdue,
        "overdue_total": sum(overdue.values(), Decimal("0.00")),
        "unbilled_orders": on_order,
        "available": limit - balance - on_order,
        "open_invoices": invoices,
    }


def over_limit(session: Session, customer: dict[str, Any], amount: Decimal, rules: OrderRules) -> bool:
    """Would `amount` more on credit take the customer over the limit? One query."""
    exposure = session.connection().execute(_EXPOSURE, {"cid": customer["id"]}).scalar_one()
    return money(Decimal(exposure), rules.currency) + amount > limit_of(customer, rules)

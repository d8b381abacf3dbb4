"""What the order book holds on a person: exported (GDPR art. 15) and erased (art. 17).

The order book keeps customers by id only, so erasure leaves every order, invoice,
payment, return, refund, membership, device and quote with its amounts, dates and
numbers (the bookkeeping the law asks to keep) and removes the free texts that may
identify the person: a payment's reference, a refund's reason, a service job's
description, a quote's note, a membership's end reason, a delivery's tracking number.
An order placed after the erasure is refused before it gets here: the customer service
answers "not found" for an erased person's terms.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.deliveries import DeliveryOut
from crm_common.contracts.order.invoices import InvoiceOut, PaymentOut
from crm_common.contracts.order.offers import OfferOut
from crm_common.contracts.order.orders import OrderOut
from crm_common.contracts.order.quotes import QuoteOut
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.dml import rows_changed
from crm_common.erasure import forget_published_events
from services.order import credit, memberships, quoting, servicing
from services.order.models import (
    Delivery,
    Device,
    Invoice,
    Membership,
    Offer,
    Order,
    OutboxMessage,
    Payment,
    Plan,
    Quote,
    Refund,
    Return,
    ServiceJob,
)
from services.order.rules import OrderRules

ERASED_TEXT = "[erased]"

# The idempotency key `customer_erased` is claimed under: the handler's original path,
# kept so that an erasure handled before still counts as handled.

# The rows kept under a customer's id, each model read the same way by export().
Owned = TypeVar(
    "Owned", Order, Delivery, Invoice, Payment, Return, Refund, Membership, Device, ServiceJob, Offer, Quote
)


def export_customer(
    session: Session, terms: dict[str, Any], ids: list[int], rules: OrderRules
) -> dict[str, Any]:
    """Everything the order book holds on the customer (`terms` as the register gives
    them), with the credit situation (CreditOut)."""
    out = export(session, ids, rules.today())
    out["credit"] = dump(CreditOut, credit.situation(session, terms, rules, rules.today()))
    return out


def export(session: Session, ids: list[int], today: date) -> dict[str, Any]:
    """Everything kept under the customer's ids (the survivor's and those merged into it)."""

    def rows(model: type[Owned]) -> list[Owned]:
        return list(session.scalars(select(model).where(model.customer_id.in_(ids)).order_by(model.id)))

    devices = rows(Device)
    jobs = rows(ServiceJob)
    return {
        "orders": dump(OrderOut, rows(Order), many=True),
        "deliveries": dump(DeliveryOut, rows(Delivery), many=True),
        "invoices": dump(InvoiceOut, rows(Invoice), many=True),
        "payments": dump(PaymentOut, rows(Payment), many=True),
        "returns": dump(ReturnOut, rows(Return), many=True),
        "refunds": dump(RefundOut, rows(Refund), many=True),
        "memberships": [memberships.described(m, session.get(Plan, m.plan_id)) for m in rows(Membership)],
        "devices": [servicing.described(d, [j for j in jobs if j.device_id == d.id], today) for d in devices],
        "offers": dump(OfferOut, rows(Offer), many=True),
        "quotes": [{**dump(QuoteOut, q), "status": quoting.status_on(q, today)} for q in rows(Quote)],
    }


def erase(session: Session, ids: list[int]) -> int:
    """Blank the identifying free texts under the customer's ids; the rows changed."""
    changed = 0
    for model, values in (
        (Payment, {"reference": None}),
        (Refund, {"reason": ERASED_TEXT}),
        (ServiceJob, {"description": ERASED_TEXT}),
        (Quote, {"note": None}),
        (Membership, {"end_reason": None}),
        (Delivery, {"tracking_number": None}),
    ):
        changed += rows_changed(session, update(model).where(model.customer_id.in_(ids)).values(values))
    forget_published_events(session, OutboxMessage, ids)
    return changed

"""After the sale, in one read (issue 21): where the customer's parcels are, what came back
and why, the refunds, invoices and credit notes, devices and their warranty, and
memberships. The 360° view asks for it once, so each part is the newest few with a `more`
flag; the deliveries and returns also page on their own, a customer's or an order's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.order.deliveries import DeliveryOut
from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.errors import NotFound
from services.order import memberships, servicing
from services.order.models import (
    Delivery,
    Device,
    Invoice,
    Membership,
    Order,
    Plan,
    Refund,
    Return,
    ServiceJob,
)
from services.order.tracking import tracking_url

NEWEST = 10  # of each part in the 360° view
PAGE_MAX = 200


def picture(session: Session, customer_id: int, newest: int, today: date) -> dict[str, Any]:
    """The customer's after-sales picture (AfterSalesOut): each part's newest `newest`,
    newest first, and whether there are more."""
    n = max(1, min(newest, PAGE_MAX))
    refunds = _newest(session, select(Refund).where(Refund.customer_id == customer_id), Refund.id, n)
    invoices = _newest(session, select(Invoice).where(Invoice.customer_id == customer_id), Invoice.id, n)
    devices = _newest(session, select(Device).where(Device.customer_id == customer_id), Device.id, n)
    return {
        "deliveries": deliveries(session, Delivery.customer_id == customer_id, n),
        "returns": returns(session, Return.customer_id == customer_id, n),
        "refunds": {"items": dump(RefundOut, refunds[:n], many=True), "more": len(refunds) > n},
        "invoices": {"items": dump(InvoiceOut, invoices[:n], many=True), "more": len(invoices) > n},
        "devices": {"items": _devices(session, devices[:n], today), "more": len(devices) > n},
        "memberships": _memberships(session, customer_id, n, today),
    }


def page(
    session: Session, kind: str, customer_id: int | None, order_id: int | None, before: int | None, limit: int
) -> dict[str, Any]:
    """A page of deliveries or returns (`kind`), newest first, older than id `before`: an
    order's (NotFound when the order is not `customer_id`'s, if given) or a customer's."""
    model = Delivery if kind == "deliveries" else Return
    if order_id is not None:
        order = session.get(Order, order_id)
        if order is None or (customer_id is not None and order.customer_id != customer_id):
            raise NotFound(f"order {order_id} does not exist", {"order_id": "not found"})
        where = model.order_id == order_id
    else:
        where = model.customer_id == customer_id
    if before is not None:
        where = where & (model.id < before)
    read = deliveries if kind == "deliveries" else returns
    return read(session, where, max(1, min(limit, PAGE_MAX)))


def deliveries(session: Session, where: ColumnElement[bool], n: int) -> dict[str, Any]:
    """The newest `n` deliveries `where` says, each with its tracking link."""
    rows = _newest(session, select(Delivery).where(where), Delivery.id, n)
    return {"items": [tracked(d) for d in rows[:n]], "more": len(rows) > n}


def tracked(delivery: Delivery) -> dict[str, Any]:
    """A delivery as answered (TrackedDeliveryOut): with the carrier's tracking page."""
    return {
        **dump(DeliveryOut, delivery),
        "tracking_url": tracking_url(delivery.carrier, delivery.tracking_number),
    }


def returns(session: Session, where: ColumnElement[bool], n: int) -> dict[str, Any]:
    """The newest `n` returns `where` says, with their lines (and reasons), credit note
    and refund."""
    rows = _newest(session, select(Return).where(where), Return.id, n)
    shown = rows[:n]
    refund_ids = [r.refund_id for r in shown if r.refund_id is not None]
    refunds = (
        {r.id: r for r in session.scalars(select(Refund).where(Refund.id.in_(refund_ids)))}
        if refund_ids
        else {}
    )
    items = []
    for received in shown:
        refund = refunds.get(received.refund_id) if received.refund_id is not None else None
        items.append({**dump(ReturnOut, received), "refund": dump(RefundOut, refund) if refund else None})
    return {"items": items, "more": len(rows) > n}


def _newest(session: Session, query: Any, key: Any, n: int) -> list[Any]:
    """The newest n + 1 rows of `query` by `key`: one more than shown tells if there are more."""
    return list(session.scalars(query.order_by(key.desc()).limit(n + 1)))


def _devices(session: Session, shown: list[Device], today: date) -> list[dict[str, Any]]:
    """The devices as answered (DeviceOut), their service jobs read in one query."""
    jobs: dict[int, list[ServiceJob]] = defaultdict(list)
    if shown:
        query = (
            select(ServiceJob).where(ServiceJob.device_id.in_([d.id for d in shown])).order_by(ServiceJob.id)
        )
        for job in session.scalars(query):
            jobs[job.device_id].append(job)
    return [servicing.described(device, jobs[device.id], today) for device in shown]


def _memberships(session: Session, customer_id: int, n: int, today: date) -> dict[str, Any]:
    """The newest memberships (MembershipRenewalOut): the active ones with the day their
    next period starts."""
    query = (
        select(Membership, Plan)
        .join(Plan, Plan.id == Membership.plan_id)
        .where(Membership.customer_id == customer_id)
        .order_by(Membership.id.desc())
        .limit(n + 1)
    )
    rows = list(session.execute(query).tuples())
    items = [
        {**memberships.described(m, plan), "renews_on": _iso(renews_on(m, plan, today))}
        for m, plan in rows[:n]
    ]
    return {"items": items, "more": len(rows) > n}


def renews_on(membership: Membership, plan: Plan, today: date) -> date | None:
    """The first day of the membership's next period after today; None once it ended."""
    if membership.status != "active":
        return None
    start, period = membership.started_on, max(1, plan.period_months)
    elapsed = (today.year - start.year) * 12 + today.month - start.month
    periods = max(1, elapsed // period)
    renewal = servicing.add_months(start, periods * period)
    while renewal <= today:
        periods += 1
        renewal = servicing.add_months(start, periods * period)
    return renewal


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

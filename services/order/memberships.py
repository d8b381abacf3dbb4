"""Memberships and subscriptions (O9): join a club or subscribe to a plan, leave it (the
customer gets a confirmation through messaging), and the recurring revenue they bring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.memberships import MembershipOut, PlanOut
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from services.order.models import Membership, OutboxMessage, Plan
from services.order.money import money


def start(session: Session, customer_id: int, code: str, day: date) -> dict[str, Any]:
    """The customer joins the plan `code` on `day`; `membership_started` recorded.
    Answers MembershipOut with its plan."""
    out = described(join(session, customer_id, code, day), plan_by_code(session, code))
    record(session, OutboxMessage, "membership_started", out)
    return out


def end(session: Session, membership_id: int, day: date, reason: str | None) -> dict[str, Any]:
    """The customer leaves on `day` (messaging confirms it to them); `membership_ended`
    recorded. Answers MembershipOut with its plan."""
    left = leave(session, membership_id, day, reason)
    out = described(left, session.get(Plan, left.plan_id))
    record(session, OutboxMessage, "membership_ended", out)
    return out


def described(membership: Membership, plan: Plan | None) -> dict[str, Any]:
    """A membership as answered (MembershipOut), with its plan."""
    return {**dump(MembershipOut, membership), "plan": dump(PlanOut, plan)}


def create_plan(session: Session, data: dict[str, Any]) -> Plan:
    plan = Plan(
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        price=money(data["price"], data["currency"]),
        currency=data["currency"],
        period_months=data["period_months"],
        created_at=utcnow(),
    )
    session.add(plan)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"plan {data['code']} exists", {"code": "already exists"}) from None
    return plan


def plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.code)))


def plan_by_code(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        raise InvalidInput("no such plan", {"plan": "not found"})
    return plan


def join(session: Session, customer_id: int, code: str, day: date) -> Membership:
    plan = plan_by_code(session, code)
    membership = Membership(
        customer_id=customer_id, plan_id=plan.id, status="active", started_on=day, created_at=utcnow()
    )
    session.add(membership)
    try:
        session.flush()
    except IntegrityError:  # the unique index: the transaction ends here with the Conflict
        raise Conflict(f"the customer is already a member of {code}", {"plan": "already a member"}) from None
    return membership


def leave(session: Session, membership_id: int, day: date, reason: str | None) -> Membership:
    membership = get_membership(session, membership_id)
    if membership.status != "active":
        raise Conflict(
            f"membership {membership_id} ended on {membership.ended_on}", {"membership_id": "already ended"}
        )
    membership.status, membership.ended_on, membership.end_reason = "ended", day, reason
    session.flush()
    return membership


def get_membership(session: Session, membership_id: int) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(f"membership {membership_id} does not exist", {"membership_id": "not found"})
    return membership


def listed(session: Session, customer_id: int) -> list[dict[str, Any]]:
    """The customer's memberships as answered (MembershipOut with its plan), newest first."""
    return [described(membership, plan) for membership, plan in memberships_of(session, customer_id)]


def memberships_of(session: Session, customer_id: int) -> list[tuple[Membership, Plan]]:
    return list(
        session.execute(
            select(Membership, Plan)
            .join(Plan, Plan.id == Membership.plan_id)
            .where(Membership.customer_id == customer_id)
            .order_by(Membership.id.desc())
        ).tuples()
    )


def monthly(plan: Plan) -> Decimal:
    """What a plan brings in a month (its price spread over its period), unrounded."""
    return plan.price / plan.period_months


def month_starts(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def recurring_revenue(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """Per month and plan: members at some time that month and the monthly recurring
    revenue they stand for (a membership counts in every month it was active in)."""
    months = month_starts(first, last)
    if not months:
        return []
    end = date(months[-1].year + months[-1].month // 12, months[-1].month % 12 + 1, 1)
    rows = session.execute(
        select(Membership.started_on, Membership.ended_on, Plan)
        .join(Plan, Plan.id == Membership.plan_id)
        .where(Membership.started_on < end)
    ).all()
    out: list[dict[str, Any]] = []
    for month in months:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        plan_of: dict[str, Plan] = {}
        members_of: dict[str, int] = {}
        for started, ended, plan in rows:
            if started < following and (ended is None or ended >= month):
                plan_of.setdefault(plan.code, plan)
                members_of[plan.code] = members_of.get(plan.code, 0) + 1
        for code, members in sorted(members_of.items()):
            plan = plan_of[code]
            out.append(
                {
                    "month": month.strftime("%Y-%m"),
                    "plan": code,
                    "kind": plan.kind,
                    "members": members,
                    "currency": plan.currency,
                    "recurring_revenue": money(monthly(plan) * members, plan.currency),
                }
            )
    return out


def fold(session: Session, merged_id: int, survivor_id: int) -> None:
    """Before a merge moves the memberships: an active membership of a plan the survivor
    is already an active member of ends (one active membership per plan)."""
    survivor_plans = select(Membership.plan_id).where(
        Membership.customer_id == survivor_id, Membership.status == "active"
    )
    for twin in session.scalars(
        select(Membership).where(
            Membership.customer_id == merged_id,
            Membership.status == "active",
            Membership.plan_id.in_(survivor_plans),
        )
    ):
        twin.status, twin.ended_on = "ended", twin.started_on if twin.ended_on is None else twin.ended_on
        twin.end_reason = f"merged into customer {survivor_id}, already a member"
    session.flush()

"""What an agent changes on a case at the desk (K2, K4): its priority, its category, the
customer's order it is about, and handing it to a colleague or into a queue. Each change
is an internal journal entry naming who made it, so the case's history says who did what.

The order service is asked with no database session open: the case is read, the order
checked, then the change written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crm_common.errors import Conflict, InvalidInput, NotFound
from services.case import assigning, cases, journal
from services.case.models import Assignment, Case

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

FIELDS = ("priority", "category", "order_id")


def check_order(
    uow: UnitOfWork, case_id: int, data: dict[str, Any], get_order: Callable[[int], dict[str, Any]]
) -> None:
    """A named `order_id` must be an order of the case's customer. Raises InvalidInput
    naming `order_id` (no such order, another customer's, a case with no customer yet),
    NotFound (no such case)."""
    order_id = data.get("order_id")
    if order_id is None:
        return
    with uow.read() as session:
        customer_id = cases.get_case(session, case_id).customer_id
    if customer_id is None:
        raise InvalidInput("the case has no customer yet", {"order_id": "the case has no customer"})
    try:
        order = get_order(order_id)
    except NotFound:
        raise InvalidInput("no such order", {"order_id": "not found"}) from None
    if order.get("customer_id") != customer_id:
        raise InvalidInput("the order is another customer's", {"order_id": "not this customer's"})


def change(session: Session, case: Case, data: dict[str, Any], by: str, now: datetime) -> Case:
    """Set what CaseChangeIn names; each value that differs is journaled as
    `field: before → after` by `by`. The SLA policy chosen when the case opened stays."""
    for name in FIELDS:
        if name not in data or getattr(case, name) == data[name]:
            continue
        before = getattr(case, name)
        setattr(case, name, data[name])
        journal.add(
            session, case, "change", f"{_label(name)}: {_shown(before)} → {_shown(data[name])}", by, now
        )
    return case


def hand_over(session: Session, case: Case, data: dict[str, Any], by: str, now: datetime) -> Assignment:
    """To a colleague (HandoverIn `agent`: they must be there with room), or into a
    queue (`queue`): routed there anew, to someone else than who has it now, or left
    waiting in it. Raises Conflict (a case solved or closed, an agent away or full),
    InvalidInput (no such agent)."""
    if "agent" in data:
        return assigning.assign_to(session, case, data["agent"], by, now)
    if case.status not in assigning.ACTIVE:
        raise Conflict(f"case {case.number} is {case.status}", {"status": case.status})
    held = (case.assignee,) if case.assignee else ()
    return assigning.route_case(session, case, now, exclude=held, queue=data["queue"], by=by)


def _label(name: str) -> str:
    return "order" if name == "order_id" else name


def _shown(value: object) -> str:
    return "–" if value is None else str(value)

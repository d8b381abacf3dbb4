"""Case reports (K10): opened, solved and still open, average first-response and
resolution times, and how many kept their SLA, per month and per agent, queue, category
or channel. Grouped by the database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, func, select
from sqlalchemy import case as when
from sqlalchemy.orm import Session

from crm_common.errors import InvalidInput
from crm_common.months import bounds, month_of, period
from services.case.models import Case

GROUPS = {"agent": Case.assignee, "queue": Case.queue, "category": Case.category, "channel": Case.channel}
DONE = ("solved", "closed")


def _minutes(
    session: Session, start: SQLColumnExpression[datetime], end: SQLColumnExpression[datetime | None]
) -> ColumnElement[float | Decimal]:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 60
    return (func.julianday(end) - func.julianday(start)) * 1440


def _no_breach(session: Session) -> ColumnElement[bool]:
    length = (
        func.jsonb_array_length if session.get_bind().dialect.name == "postgresql" else func.json_array_length
    )
    return length(Case.breaches) == 0


def cases_in(session: Session, months: dict[str, Any], by: str) -> list[dict[str, Any]]:
    """The case report for the period `months` (PeriodIn), per month and `by` (agent,
    queue, category or channel): CaseReportOut list. Raises InvalidInput."""
    if by not in GROUPS:
        raise InvalidInput(
            "by is agent, queue, category or channel", {"by": "agent, queue, category or channel"}
        )
    first, last = period(months)
    return cases(session, first, last, by)


def cases(session: Session, first: date, last: date, by: str) -> list[dict[str, Any]]:
    start, finish = bounds(first, last)
    month = month_of(session, Case.created_at).label("month")
    group = GROUPS[by].label(by)
    done = Case.status.in_(DONE)
    with_sla = done & Case.sla_policy_id.is_not(None)
    rows = session.execute(
        select(
            month,
            group,
            func.count(),
            func.sum(when((done, 1), else_=0)),
            func.avg(_minutes(session, Case.created_at, Case.first_response_at)),
            func.avg(when((done, _minutes(session, Case.created_at, Case.solved_at)))),
            func.sum(when((with_sla, 1), else_=0)),
            func.sum(when((with_sla & _no_breach(session), 1), else_=0)),
        )
        .where(Case.created_at >= start, Case.created_at < finish)
        .group_by(month, group)
        .order_by(month, group)
    )
    return [
        {
            "month": m,
            by: key,
            "opened": opened,
            "solved": solved,
            "open": opened - solved,
            "avg_first_response_minutes": _round(first_response),
            "avg_resolution_minutes": _round(resolution),
            "with_sla": with_sla_count,
            "sla_kept": kept,
            "sla_kept_percent": round(100 * kept / with_sla_count, 1) if with_sla_count else None,
        }
        for m, key, opened, solved, first_response, resolution, with_sla_count, kept in rows
    ]


def _round(value: Decimal | float | None) -> float | None:
    return None if value is None else round(float(value), 1)

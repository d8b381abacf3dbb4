"""Calendar months for statistics and reports: a period from its request, its bounds in
UTC, and the month of a timestamp as the database groups it (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import ColumnElement, SQLColumnExpression, func
from sqlalchemy.orm import Session

from crm_common.contracts import load
from crm_common.contracts.periods import PeriodIn

_period_in = PeriodIn()


def period(data: object) -> tuple[date, date]:
    """(first day of the first month, first day of the last month) from a PeriodIn."""
    valid = load(_period_in, data)
    first, last = (date(int(v[:4]), int(v[5:7]), 1) for v in (valid["first"], valid["last"]))
    return first, last


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of the first month to the start of the month after the last."""
    start = datetime.combine(first.replace(day=1), time.min, timezone.utc)
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return start, datetime.combine(following, time.min, timezone.utc)


def month_of(session: Session, column: SQLColumnExpression[datetime]) -> ColumnElement[str]:
    """`YYYY-MM` of a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)

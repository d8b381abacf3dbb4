"""The agenda (K12): a shared booking calendar, meetings with participants, tasks and
watches, each with an optional reminder; and personal mileage and expense lists."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, extract, func, or_, select
from sqlalchemy.orm import Session

from crm_common.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.case import reminders
from services.case.models import AgendaItem, PersonalEntry


def add(session: Session, data: dict[str, Any], owner: str, now: datetime) -> AgendaItem:
    remind_before = data.pop("remind_minutes_before", None)
    item = AgendaItem(**data, owner=owner, created_at=now, done_at=None, cancelled=False)
    if item.ends_at is not None and item.ends_at <= item.starts_at:
        raise InvalidInput("it ends before it starts", {"ends_at": "not after starts_at"})
    if item.kind in ("booking", "meeting") and item.ends_at is None:
        raise InvalidInput(f"a {item.kind} needs an end", {"ends_at": "missing"})
    if item.kind == "booking":
        if not item.resource:
            raise InvalidInput("a booking books a resource", {"resource": "missing"})
        clash = _clash(session, item)
        if clash is not None:
            raise Conflict(
                f"{item.resource} is booked {clash.starts_at:%Y-%m-%d %H:%M}–{clash.ends_at:%H:%M}"
                f" ({clash.title})",
                {"resource": "booked at that time"},
            )
    session.add(item)
    session.flush()
    if remind_before is not None:
        at = item.starts_at - timedelta(minutes=remind_before)
        reminders.schedule(session, "agenda", item.id, at, [owner, *item.participants], _reminder_text(item))
    return item


def items(
    session: Session, username: str | None, start: datetime, end: datetime, kinds: Collection[str] = ()
) -> list[AgendaItem]:
    """What happens between start and end: everyone's bookings (the shared calendar), and
    the meetings, tasks and watches of `username` (owner or invited); all of it for None."""
    overlaps = (AgendaItem.starts_at < end) & (
        func.coalesce(AgendaItem.ends_at, AgendaItem.starts_at) >= start
    )
    query = select(AgendaItem).where(overlaps, ~AgendaItem.cancelled)
    if username is not None:
        query = query.where(
            or_(
                AgendaItem.kind == "booking",
                AgendaItem.owner == username,
                _invited(session, username),
            )
        )
    if kinds:
        query = query.where(AgendaItem.kind.in_(kinds))
    return list(session.scalars(query.order_by(AgendaItem.starts_at, AgendaItem.id)))


def open_tasks(session: Session, username: str) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.kind == "task",
                AgendaItem.done_at.is_(None),
                ~AgendaItem.cancelled,
                or_(AgendaItem.owner == username, _invited(session, username)),
            )
            .order_by(AgendaItem.starts_at, AgendaItem.id)
        )
    )


def at_login(session: Session, username: str, now: datetime) -> list[AgendaItem]:
    """What pops up first when the user logs in: items marked so, due by now, not done."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.at_login,
                AgendaItem.done_at.is_(None),
                ~AgendaItem.cancelled,
                AgendaItem.starts_at <= now,
                or_(AgendaItem.owner == username, _invited(session, username)),
            )
            .order_by(AgendaItem.starts_at)
        )
    )


def watches(session: Session, username: str, limit: int, after_id: int = 0) -> list[AgendaItem]:
    """My watch list (G5): the open watches `username` owns or is invited to, in the order
    they were added, a page at a time after `after_id`."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.kind == "watch",
                AgendaItem.done_at.is_(None),
                ~AgendaItem.cancelled,
                or_(AgendaItem.owner == username, _invited(session, username)),
                AgendaItem.id > after_id,
            )
            .order_by(AgendaItem.id)
            .limit(limit)
        )
    )


def finish(session: Session, item_id: int, username: str, now: datetime, cancel: bool = False) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.cancelled:
        raise NotFound(f"agenda item {item_id} does not exist", {"item_id": "not found"})
    if username != item.owner and username not in item.participants:
        raise Forbidden("only its owner and participants may change it", {"item_id": "not yours"})
    if cancel:
        item.cancelled = True
    else:
        item.done_at = now
    reminders.cancel(session, "agenda", item.id)
    return item


def add_personal(session: Session, data: dict[str, Any], owner: str) -> PersonalEntry:
    if data["kind"] == "expense" and not data.get("currency"):
        raise InvalidInput("an expense needs its currency", {"currency": "missing"})
    if data["kind"] == "mileage":
        data = {**data, "currency": None}
    entry = PersonalEntry(**data, owner=owner)
    session.add(entry)
    session.flush()
    return entry


def personal_entries(
    session: Session, owner: str, year: int, limit: int, after_id: int = 0
) -> list[PersonalEntry]:
    """The lines of `owner`'s mileage and expense list dated in `year` (G5), in the order
    they were added, a page at a time after `after_id`."""
    return list(
        session.scalars(
            select(PersonalEntry)
            .where(
                PersonalEntry.owner == owner,
                PersonalEntry.on_date >= date(year, 1, 1),
                PersonalEntry.on_date < date(year + 1, 1, 1),
                PersonalEntry.id > after_id,
            )
            .order_by(PersonalEntry.id)
            .limit(limit)
        )
    )


def personal_sums(session: Session, owner: str, year: int) -> dict[str, Any]:
    """Kilometres and expenses (per currency) per month of the year, and the year's total."""
    month = extract("month", PersonalEntry.on_date)
    rows = session.execute(
        select(
            month, PersonalEntry.kind, PersonalEntry.currency, func.sum(PersonalEntry.amount), func.count()
        )
        .where(
            PersonalEntry.owner == owner,
            PersonalEntry.on_date >= date(year, 1, 1),
            PersonalEntry.on_date < date(year + 1, 1, 1),
        )
        .group_by(month, PersonalEntry.kind, PersonalEntry.currency)
        .order_by(month, PersonalEntry.kind, PersonalEntry.currency)
    )
    months: list[dict[str, Any]] = []
    total: dict[str | None, Decimal] = {}
    for m, kind, currency, amount, count in rows:
        key = "km" if kind == "mileage" else currency
        months.append(
            {"month": f"{year}-{int(m):02d}", "kind": kind, "unit": key, "sum": str(amount), "entries": count}
        )
        total[key] = total.get(key, 0) + amount
    return {"year": year, "months": months, "total": {k: str(v) for k, v in sorted(total.items())}}


def _clash(session: Session, item: AgendaItem) -> AgendaItem | None:
    return session.scalar(
        select(AgendaItem)
        .where(
            AgendaItem.kind == "booking",
            AgendaItem.resource == item.resource,
            ~AgendaItem.cancelled,
            AgendaItem.starts_at < item.ends_at,
            AgendaItem.ends_at > item.starts_at,
        )
        .limit(1)
    )


def _invited(session: Session, username: str) -> ColumnElement[bool]:
    """`username` among the participants (a JSON list), in SQL on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.jsonb_exists(AgendaItem.participants, username)  # the `?` operator
    each = func.json_each(AgendaItem.participants).table_valued("value")
    return select(1).select_from(each).where(each.c.value == username).exists()


def _reminder_text(item: AgendaItem) -> str:
    when = item.starts_at.strftime("%Y-%m-%d %H:%M UTC")
    return {
        "booking": f"Booking of {item.resource}: {item.title}, {when}",
        "meeting": f"Meeting: {item.title}, {when}",
        "task": f"Task due: {item.title}, {when}",
        "watch": f"Watch: {item.title}, {when}",
    }[item.kind]


def period(start: object, end: object) -> tuple[datetime, datetime]:
    """[start, end) from ISO dates or times (UTC when they name no zone). Raises
    InvalidInput naming `from` or `to`."""
    first, last = _moment(start, "from"), _moment(end, "to")
    if last <= first:
        raise InvalidInput("the period ends before it starts", {"to": "not after from"})
    return first, last


def _moment(value: object, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{field} must be an ISO date or time", {field: "not a date or time"}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def year(value: str | int) -> int:
    """A year the calendar has (1–9998). Raises InvalidInput."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("year must be a year", {"year": "not a year"}) from None
    if not 1 <= year <= 9998:
        raise InvalidInput("year must be between 1 and 9998", {"year": "out of range"})
    return year

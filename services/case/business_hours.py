"""Business time (K5): SLA targets count only the minutes a team is at work.

A calendar is opening hours per weekday in a time zone, minus the country's public
holidays (the `holidays` package knows them per year) and extra closed days. Each day's
opening hours are turned into UTC intervals in that day's own offset, so a target that
spans the switch to or from summer time is still exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from services.case.models import Calendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DAYS = 3 * 366  # no target runs longer than this; an always-closed calendar stops here


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def parse_hours(hours: dict[str, Any]) -> dict[int, list[tuple[time, time]]]:
    """{"mon": [["08:00", "17:00"]]} → {0: [(08:00, 17:00)]}. Raises ValueError saying
    what is wrong: the one check of opening hours, when a calendar is made and when used."""
    parsed: dict[int, list[tuple[time, time]]] = {}
    for name, spans in hours.items():
        if name not in WEEKDAYS:
            raise ValueError(f"{name!r} is not a weekday (mon … sun)")
        if not isinstance(spans, list):
            raise ValueError(f"{name}: a list of [opens, closes] pairs")
        day = []
        for span in spans:
            try:
                start, end = span
                opens, closes = time.fromisoformat(start), time.fromisoformat(end)
            except (TypeError, ValueError):
                raise ValueError(f'{name}: {span!r} is not ["HH:MM", "HH:MM"]') from None
            if closes <= opens:
                raise ValueError(f"{name}: {start}–{end} closes before it opens")
            day.append((opens, closes))
        day.sort()
        if any(a[1] > b[0] for a, b in zip(day, day[1:], strict=False)):
            raise ValueError(f"{name}: opening hours overlap")
        parsed[WEEKDAYS.index(name)] = day
    return parsed


class BusinessCalendar:
    def __init__(
        self,
        tz: str,
        hours: dict[str, Any],
        country: str | None = None,
        closed_days: Iterable[str | date] = (),
    ) -> None:
        self.zone = ZoneInfo(tz)
        self.hours = parse_hours(hours)
        self.country = country
        self.closed = {date.fromisoformat(d) if isinstance(d, str) else d for d in closed_days}

    @classmethod
    def of(cls, row: Calendar) -> BusinessCalendar:
        return cls(row.timezone, row.hours, row.country, row.closed_days)

    def is_closed_day(self, day: date) -> bool:
        if day in self.closed:
            return True
        return bool(self.country) and day in _public_holidays(self.country, day.year)

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_closed_day(day):
            return []
        return [
            (
                datetime.combine(day, opens, self.zone).astimezone(timezone.utc),
                datetime.combine(day, closes, self.zone).astimezone(timezone.utc),
            )
            for opens, closes in self.hours.get(day.weekday(), [])
        ]

    def _days_from(self, moment: datetime) -> Iterator[date]:
        day = moment.astimezone(self.zone).date()
        for offset in range(MAX_DAYS):
            yield day + timedelta(days=offset)

    def add(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of business time after `start`."""
        left = timedelta(minutes=minutes)
        for day in self._days_from(start):
            for opens, closes in self._intervals(day):
                begin = max(opens, start)
                if begin >= closes:
                    continue
                if begin + left <= closes:
                    return begin + left
                left -= closes - begin
        raise ValueError("the calendar has no business hours in the next three years")

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Business minutes from `start` to `end` (0 when end is not later)."""
        if end <= start:
            return 0.0
        total = timedelta()
        for day in self._days_from(start):
            if datetime.combine(day, time.min, self.zone) > end:
                break
            for opens, closes in self._intervals(day):
                begin, finish = max(opens, start), min(closes, end)
                if finish > begin:
                    total += finish - begin
        return total.total_seconds() / 60

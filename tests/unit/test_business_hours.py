"""Business time for SLA targets (K5): opening hours, public holidays, summer time."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from services.case.business_hours import BusinessCalendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OFFICE = {d: [["08:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def local(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def swedish_office():
    # Christmas Eve is not a public holiday by law, so the office closes it itself
    return BusinessCalendar("Europe/Stockholm", OFFICE, "SE", ["2026-12-23", "2026-12-24"])


def test_minutes_count_only_inside_opening_hours(swedish_office):
    # Monday 16:30 + 60 business minutes: 30 today, then Tuesday 08:00 + 30
    assert swedish_office.add(local(2026, 11, 23, 16, 30), 60) == local(2026, 11, 24, 8, 30)
    # the lunch break does not count
    assert swedish_office.add(local(2026, 11, 24, 11, 30), 60) == local(2026, 11, 24, 13, 30)
    # a case opened on Saturday starts counting on Monday morning
    assert swedish_office.add(local(2026, 11, 28, 10, 0), 15) == local(2026, 11, 30, 8, 15)


def test_public_holidays_and_closed_days_do_not_count(swedish_office):
    # 22 Dec (Tue) 16:00 + 2 h: 23 and 24 Dec closed by the office, 25 Dec is Christmas Day
    # (a public holiday), 26–27 Dec a weekend: Monday 28 Dec 09:00
    assert swedish_office.add(local(2026, 12, 22, 16, 0), 120) == local(2026, 12, 28, 9, 0)
    assert swedish_office.is_closed_day(datetime(2026, 6, 6).date())  # National Day
    assert not swedish_office.is_closed_day(datetime(2026, 6, 8).date())


def test_summer_time_changes_do_not_shift_the_target(swedish_office):
    # the clocks go forward on Sunday 29 March 2026: Friday 16:00 + 2 h is Monday 09:00 local,
    # which is 07:00 UTC (it was 15:00 UTC on Friday)
    due = swedish_office.add(local(2026, 3, 27, 16, 0), 120)
    assert due == local(2026, 3, 30, 9, 0)
    assert due.astimezone(timezone.utc).hour == 7


def test_minutes_between_is_the_inverse_of_add(swedish_office):
    start = local(2026, 11, 20, 15, 10)
    for minutes in (1, 50, 170, 600, 2400):
        assert swedish_office.minutes_between(start, swedish_office.add(start, minutes)) == pytest.approx(
            minutes
        )
    assert swedish_office.minutes_between(local(2026, 11, 28, 0, 0), local(2026, 11, 29, 23, 0)) == 0


def test_a_calendar_that_is_never_open_is_refused():
    with pytest.raises(ValueError, match="no business hours"):
        BusinessCalendar("UTC", {}).add(datetime(2026, 1, 1, tzinfo=timezone.utc), 1)
    with pytest.raises(ValueError, match="closes before it opens"):
        BusinessCalendar("UTC", {"mon": [["17:00", "08:00"]]})


def test_a_calendar_with_overlapping_or_malformed_hours_is_refused_when_made(uow_factory):
    from crm_common.contracts import load
    from crm_common.contracts.case.sla import CalendarIn
    from crm_common.errors import InvalidInput
    from services.case import sla_admin
    from services.case.models import Base

    uow = uow_factory(Base)
    for hours, reason in (
        ({"mon": [["08:00", "12:00"], ["11:00", "17:00"]]}, "mon: opening hours overlap"),
        ({"mon": [["8 am", "5 pm"]]}, "mon: ['8 am', '5 pm'] is not [\"HH:MM\", \"HH:MM\"]"),
        ({"mon": "08-17"}, "mon: a list of [opens, closes] pairs"),
        ({"someday": []}, "'someday' is not a weekday (mon … sun)"),
    ):
        with pytest.raises(InvalidInput) as err, uow.transaction() as session:
            sla_admin.create_calendar(
                session, load(CalendarIn(), {"name": "c", "timezone": "UTC", "hours": hours})
            )
        assert err.value.fields == {"hours": reason}

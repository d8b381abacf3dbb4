"""My own lists (G5): the watch list holds the open watches I own or am invited to,
not my tasks nor someone else's watches; the mileage and expense lines are mine, of the
year asked for; both come a page at a time after the last id."""

from datetime import date, datetime, timedelta, timezone

import pytest

from crm_common.contracts import load
from crm_common.contracts.case.agenda import AgendaItemIn, PersonalEntryIn
from services.case import agenda
from services.case.models import Base

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def item(session, owner, title, kind="watch", **data):
    body = {"kind": kind, "title": title, "starts_at": T0.isoformat(), **data}
    return agenda.add(session, load(AgendaItemIn(), body), owner, T0 - timedelta(days=1))


def entry(session, owner, on_date, description):
    body = {"kind": "mileage", "on_date": on_date, "amount": "12.5", "description": description}
    return agenda.add_personal(session, load(PersonalEntryIn(), body), owner)


def test_my_watch_list_has_my_open_watches_and_those_i_am_invited_to(uow):
    with uow.transaction() as session:
        item(session, "ann", "contract ends")
        item(session, "bo", "price list", participants=["ann"])
        item(session, "bo", "not mine")
        item(session, "ann", "a task", kind="task")
        done = item(session, "ann", "watched already")
        agenda.finish(session, done.id, "ann", T0)
        item(session, "ann", "renewal")
    with uow.read() as session:
        titles = [w.title for w in agenda.watches(session, "ann", 10)]
        assert titles == ["contract ends", "price list", "renewal"]
        first = agenda.watches(session, "ann", 2)
        rest = agenda.watches(session, "ann", 2, first[-1].id)
        assert [w.title for w in first + rest] == titles


def test_my_personal_lines_are_mine_and_of_the_year_a_page_at_a_time(uow):
    with uow.transaction() as session:
        entry(session, "ann", "2026-01-03", "Kund A")
        entry(session, "ann", "2025-12-30", "last year")
        entry(session, "bo", "2026-02-01", "not mine")
        entry(session, "ann", "2026-12-31", "Kund B")
    with uow.read() as session:
        lines = agenda.personal_entries(session, "ann", 2026, 10)
        assert [(e.description, e.on_date) for e in lines] == [
            ("Kund A", date(2026, 1, 3)),
            ("Kund B", date(2026, 12, 31)),
        ]
        assert [e.description for e in agenda.personal_entries(session, "ann", 2026, 1, lines[0].id)] == [
            "Kund B"
        ]

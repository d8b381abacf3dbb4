"""The agenda and the registers of paper (K12, K13): bookings never overlap, everyone
sees the shared calendar and their own items, personal lists sum per month and year,
and deadlines and expiries leave a reminder that fires once."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from nameko.testing.services import worker_factory

from crm_common.contracts import load
from crm_common.contracts.case.agenda import AgendaItemIn, PersonalEntryIn
from crm_common.contracts.case.papers import DocumentIn, LetterIn
from crm_common.errors import Conflict, Forbidden, InvalidInput
from services.case import agenda, papers, reminders
from services.case.models import Agent, Base
from services.case.service import CaseService

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def item(session, owner, **data):
    data = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}
    return agenda.add(session, load(AgendaItemIn(), data), owner, T0 - timedelta(days=7))


def test_a_resource_cannot_be_booked_twice_at_once(uow):
    with uow.transaction() as session:
        item(
            session,
            "ann",
            kind="booking",
            title="Kundbesök",
            resource="car-1",
            starts_at=T0,
            ends_at=T0 + timedelta(hours=2),
        )
        with pytest.raises(Conflict, match="car-1 is booked"):
            item(
                session,
                "bo",
                kind="booking",
                title="Leverans",
                resource="car-1",
                starts_at=T0 + timedelta(hours=1),
                ends_at=T0 + timedelta(hours=3),
            )
        # back to back is fine, and another car is free
        item(
            session,
            "bo",
            kind="booking",
            title="Leverans",
            resource="car-1",
            starts_at=T0 + timedelta(hours=2),
            ends_at=T0 + timedelta(hours=3),
        )
        item(
            session,
            "bo",
            kind="booking",
            title="Leverans",
            resource="car-2",
            starts_at=T0,
            ends_at=T0 + timedelta(hours=3),
        )
        with pytest.raises(InvalidInput):
            item(session, "bo", kind="booking", title="x", resource="car-3", starts_at=T0, ends_at=T0)


def test_everyone_sees_the_bookings_and_their_own_items(uow):
    with uow.transaction() as session:
        item(
            session,
            "ann",
            kind="booking",
            title="Rum A",
            resource="room-a",
            starts_at=T0,
            ends_at=T0 + timedelta(hours=1),
        )
        item(
            session,
            "ann",
            kind="meeting",
            title="Planering",
            participants=["bo"],
            starts_at=T0,
            ends_at=T0 + timedelta(hours=1),
        )
        item(session, "cai", kind="task", title="Ring tillbaka", starts_at=T0)
        week = (T0 - timedelta(days=1), T0 + timedelta(days=6))
        assert [i.title for i in agenda.items(session, "bo", *week)] == ["Rum A", "Planering"]
        assert [i.title for i in agenda.items(session, "cai", *week)] == ["Rum A", "Ring tillbaka"]
        assert len(agenda.items(session, None, *week)) == 3
        with pytest.raises(Forbidden):
            agenda.finish(session, agenda.open_tasks(session, "cai")[0].id, "bo", T0)
        agenda.finish(session, agenda.open_tasks(session, "cai")[0].id, "cai", T0)
        assert agenda.open_tasks(session, "cai") == []


def test_mileage_and_expenses_are_summed_per_month_and_year(uow):
    with uow.transaction() as session:
        for kind, day, amount, currency in (
            ("mileage", date(2026, 1, 10), "42.5", None),
            ("mileage", date(2026, 1, 20), "7.5", None),
            ("mileage", date(2026, 3, 1), "100", None),
            ("expense", date(2026, 3, 2), "250.00", "SEK"),
            ("expense", date(2027, 1, 1), "99.00", "SEK"),
        ):
            body = {
                "kind": kind,
                "on_date": day.isoformat(),
                "amount": amount,
                "currency": currency,
                "description": "x",
            }
            agenda.add_personal(session, load(PersonalEntryIn(), body), "ann")
        with pytest.raises(InvalidInput):
            agenda.add_personal(
                session,
                load(
                    PersonalEntryIn(),
                    {"kind": "expense", "on_date": "2026-01-01", "amount": "1", "description": "y"},
                ),
                "ann",
            )
        sums = agenda.personal_sums(session, "ann", 2026)
        assert sums["total"] == {"SEK": "250.00", "km": "150.00"}
        assert [(m["month"], m["unit"], Decimal(m["sum"])) for m in sums["months"]] == [
            ("2026-01", "km", Decimal("50")),
            ("2026-03", "SEK", Decimal("250")),
            ("2026-03", "km", Decimal("100")),
        ]


def test_a_reply_deadline_and_an_expiry_remind_once_and_an_answer_stops_the_reminder(uow):
    with uow.transaction() as session:
        session.add(
            Agent(
                username="dan",
                name="Dan",
                email="dan@crm.example",
                presence="offline",
                capacity=1,
                open_cases=0,
                solved_count=0,
                presence_changed_at=T0,
            )
        )
        papers.register_letter(
            session,
            load(
                LetterIn(),
                {
                    "direction": "in",
                    "counterpart": "Skatteverket",
                    "subject": "Förfrågan",
                    "on_date": "2026-11-20",
                    "forwarded_to": "dan",
                    "reply_by": "2026-12-04",
                },
            ),
            "ann",
            T0,
        )
        contract = papers.register_document(
            session,
            load(
                DocumentIn(),
                {
                    "kind": "contract",
                    "title": "Serviceavtal",
                    "expires_on": "2027-03-31",
                    "paper_location": "arkiv B",
                    "remind_days_before": 60,
                },
            ),
            "ann",
            T0,
        )
        assert reminders.due(session, datetime(2026, 12, 1, 7, 59, tzinfo=timezone.utc)) == []
        (due,) = reminders.due(session, datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc))
        fired = reminders.fire(session, due, T0)
        assert fired["recipients"] == [{"username": "dan", "email": "dan@crm.example"}]
        assert "Skatteverket" in fired["text"] and reminders.fire(session, due, T0) is None
        (expiry,) = reminders.due(session, datetime(2027, 1, 30, 8, 0, tzinfo=timezone.utc))
        assert expiry.about_id == contract.id and "arkiv B" in expiry.note
        # a second letter answered in time never reminds
        other = papers.register_letter(
            session,
            load(
                LetterIn(),
                {
                    "direction": "in",
                    "counterpart": "Kund",
                    "subject": "Fråga",
                    "on_date": "2026-11-20",
                    "reply_by": "2026-12-10",
                },
            ),
            "ann",
            T0,
        )
        papers.replied(session, other.id, date(2026, 11, 25))
        assert reminders.pending(session, "correspondence", other.id) is None
        assert reminders.due(session, datetime(2026, 12, 31, tzinfo=timezone.utc)) == []


@pytest.mark.parametrize("year", [-1, 0, 10**20])
def test_sums_for_a_year_no_calendar_has_are_refused(uow, year):
    svc = worker_factory(CaseService, db=uow)
    with pytest.raises(InvalidInput) as err:
        svc.personal_sums("ann", year)
    assert err.value.fields == {"year": "out of range"}

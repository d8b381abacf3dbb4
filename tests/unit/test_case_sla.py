"""Service levels (K5): due times in business hours, the clock paused while waiting for
the customer, escalation steps that fire once, and breaches recorded."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.papers import DocumentIn
from crm_common.contracts.case.routing import AgentIn
from crm_common.contracts.case.sla import CalendarIn, SlaPolicyIn
from services.case import cases, escalation, papers, routing_admin, sla, sla_admin
from services.case.models import Base, SlaTimer

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAYS = {d: [["08:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def local(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        calendar = sla_admin.create_calendar(
            session,
            load(
                CalendarIn(),
                {"name": "office", "timezone": "Europe/Stockholm", "country": "SE", "hours": WEEKDAYS},
            ),
        )
        sla_admin.create_policy(
            session,
            load(
                SlaPolicyIn(),
                {
                    "name": "gold",
                    "tiers": ["key"],
                    "rank": 1,
                    "calendar_id": calendar.id,
                    "first_response_minutes": 60,
                    "next_response_minutes": 120,
                    "resolution_minutes": 8 * 60,
                    "escalations": [
                        {"target": "first_response", "minutes_before": 15, "actions": ["notify_email"]},
                        {
                            "target": "first_response",
                            "minutes_before": 0,
                            "actions": ["raise_priority", "reassign"],
                            "queue": "supervisors",
                        },
                    ],
                },
            ),
        )
        for username, queue in (("ann", "general"), ("sup", "supervisors")):
            data = {"name": username, "email": f"{username}@crm.example", "queues": [queue]}
            routing_admin.save_agent(
                session, username, load(AgentIn(), data), local(2026, 1, 1)
            ).presence = "available"
    return uow


def open_gold(session, at, tier="key"):
    return cases.open_case(
        session,
        load(CaseCreate(), {"customer_id": 1, "subject": "Help"}),
        "ann",
        {"customer_id": 1, "tier": tier},
        at,
    )


def fire_all(session, now):
    return [e for t in sla.due(session, now) if (e := escalation.fire(session, t, now)) is not None]


def test_targets_are_set_in_business_time_for_the_customers_tier(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 27, 16, 30))  # Friday
        assert case.first_response_due == local(2026, 11, 30, 8, 30)  # Monday
        assert case.resolution_due == local(2026, 11, 30, 15, 30)  # half an hour Friday, 7.5 h Monday
        assert open_gold(session, local(2026, 11, 27, 16, 30), tier="standard").first_response_due is None


def test_steps_fire_once_in_order_and_the_breach_is_recorded(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 24, 9, 0))
        assert case.assignee == "ann"
        assert fire_all(session, local(2026, 11, 24, 9, 44)) == []
        warned = fire_all(session, local(2026, 11, 24, 9, 46))
        assert [w["breached"] for w in warned] == [False]
        assert warned[0]["notify"]["email"] == ["ann@crm.example"]  # the case's agent
        assert fire_all(session, local(2026, 11, 24, 9, 50)) == []  # fired once
        breached = fire_all(session, local(2026, 11, 24, 10, 1))
        assert len(breached) == 2 and case.breaches == ["first_response"]
        assert (case.priority, case.queue, case.assignee) == ("high", "supervisors", "sup")


def test_an_answer_in_time_cancels_the_warnings(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 24, 9, 0))
        assert case.assignee == "ann"
        cases.reply(session, case, "We are on it", "ann", local(2026, 11, 24, 9, 20))
        assert case.first_response_at is not None and case.breaches == []
        assert [t.target for t in sla.due(session, local(2026, 11, 24, 12, 0))] == []
        # the customer writes again: a next response is owed within two business hours
        sla.customer_wrote(session, case, local(2026, 11, 24, 16, 0))
        assert case.next_response_due == local(2026, 11, 25, 9, 0)


def test_a_reply_to_the_longest_subject_keeps_the_number_and_fits_its_column(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 24, 9, 0))
        case.subject = "x" * 200  # the longest a case may have (a 502 on PostgreSQL, once)
        entry = cases.reply(session, case, "On it", "ann", local(2026, 11, 24, 9, 20))
        assert entry.subject.startswith(f"[#{case.number}] xxx") and len(entry.subject) == 200


def test_waiting_for_the_customer_stops_the_clock_and_gives_the_time_back(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 24, 9, 0))  # first response due 10:00
        cases.set_status(session, case, "pending", "ann", local(2026, 11, 24, 9, 40))  # 20 min left
        assert sla.due(session, local(2026, 11, 30, 9, 0)) == []  # nothing fires while paused
        cases.set_status(session, case, "open", "ann", local(2026, 11, 25, 13, 0))
        assert case.first_response_due == local(2026, 11, 25, 13, 20)
        # 440 minutes left: 13:00–17:00 on Wednesday, then 200 minutes on Thursday
        assert case.resolution_due == local(2026, 11, 26, 11, 20)
        pending = session.query(SlaTimer).filter_by(case_id=case.id, fired_at=None, cancelled=False).all()
        assert min(t.fire_at for t in pending) == local(2026, 11, 25, 13, 5)  # 15 before the new due


def test_solving_late_records_the_resolution_breach_and_stops_everything(uow):
    with uow.transaction() as session:
        case = open_gold(session, local(2026, 11, 24, 9, 0))
        cases.reply(session, case, "Looking", "ann", local(2026, 11, 24, 9, 10))
        cases.set_status(session, case, "solved", "ann", local(2026, 11, 26, 9, 0))
        assert case.breaches == ["resolution"] and case.solved_at is not None
        assert sla.due(session, local(2027, 1, 1, 9, 0)) == []


def test_a_running_contract_gives_its_customer_its_own_service_level(uow):
    with uow.transaction() as session:
        office = sla_admin.calendars(session)[0]
        premium = sla_admin.create_policy(
            session,
            load(
                SlaPolicyIn(),
                {
                    "name": "contract 24/7",
                    "rank": 500,
                    "calendar_id": office.id,
                    "first_response_minutes": 15,
                    "resolution_minutes": 120,
                },
            ),
        )
        papers.register_document(
            session,
            load(
                DocumentIn(),
                {
                    "kind": "contract",
                    "title": "Serviceavtal",
                    "customer_id": 1,
                    "valid_from": "2026-01-01",
                    "expires_on": "2026-12-31",
                    "sla_policy_id": premium.id,
                },
            ),
            "ann",
            local(2026, 1, 1),
        )
        during = open_gold(session, local(2026, 11, 24, 9, 0), tier="standard")
        assert during.sla_policy_id == premium.id and during.first_response_due == local(2026, 11, 24, 9, 15)
        after = open_gold(session, local(2027, 1, 4, 9, 0), tier="key")  # the contract has ended
        assert after.sla_policy_id != premium.id

"""SLA timers live in the database (K5): written while no service runs, they fire when
the service comes back, and two instances of the service fire each timer once."""

from datetime import timedelta

import eventlet
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.sla import CalendarIn, SlaPolicyIn
from crm_common.storage import UnitOfWork, create_db_engine
from services.case import cases, sla_admin
from services.case.models import Case
from services.case.service import CaseService
from services.messaging.models import Message
from services.messaging.service import MessagingService
from tests.integration.test_events_never_lost import wait_until

ALWAYS = {d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def write_overdue_case(url):
    """As if a case had been opened 40 minutes ago under a 30-minute first-response SLA,
    by a service that has since stopped."""
    engine = create_db_engine(url)
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    with uow.transaction() as session:
        calendar = sla_admin.create_calendar(
            session, load(CalendarIn(), {"name": "always", "timezone": "UTC", "hours": ALWAYS})
        )
        sla_admin.create_policy(
            session,
            load(
                SlaPolicyIn(),
                {
                    "name": "standard",
                    "calendar_id": calendar.id,
                    "first_response_minutes": 30,
                    "resolution_minutes": 600,
                    "escalations": [
                        {
                            "target": "first_response",
                            "minutes_before": 5,
                            "actions": ["notify_email"],
                            "email_to": ["lead@crm.example"],
                        },
                        {"target": "first_response", "minutes_before": 0, "actions": ["raise_priority"]},
                    ],
                },
            ),
        )
        opened = utcnow() - timedelta(minutes=40)
        case = cases.open_case(
            session,
            load(CaseCreate(), {"customer_id": 1, "subject": "Stuck"}),
            "ann",
            {"customer_id": 1},
            opened,
        )
        case_id = case.id
    engine.dispose()
    return case_id


def test_timers_written_before_a_restart_fire_once_across_two_instances(config, container_factory):
    case_db, messaging_db = config["DATABASE_URLS"]["case"], config["DATABASE_URLS"]["messaging"]
    case_id = write_overdue_case(case_db)
    container_factory(MessagingService, config).start()
    container_factory(CaseService, config).start()
    container_factory(CaseService, config).start()  # a second instance racing for the same timers

    engine = create_db_engine(case_db)
    messages = create_db_engine(messaging_db)

    def escalated():
        with engine.connect() as conn:
            return conn.execute(select(Case.priority, Case.breaches).where(Case.id == case_id)).one()

    def warnings():
        with messages.connect() as conn:
            return conn.execute(select(Message.recipient, Message.template)).all()

    try:
        assert wait_until(lambda: escalated() == ("high", ["first_response"]))
        assert wait_until(lambda: warnings() == [("lead@crm.example", "sla_warning")])
        eventlet.sleep(1)  # several more ticks of both instances: nothing fires again
        assert escalated() == ("high", ["first_response"])  # raised once: not to urgent
        assert warnings() == [("lead@crm.example", "sla_warning")]
    finally:
        engine.dispose()
        messages.dispose()

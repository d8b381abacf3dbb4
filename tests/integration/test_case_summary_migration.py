"""The case service's migration 5d0c2f8e7a41: the descriptions agents wrote, journaled
as public messages "from the customer", become the agents' internal notes; what the
customer wrote and what the agent answered stay as they are."""

from datetime import datetime, timedelta, timezone

from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.migrate import alembic_config
from crm_common.storage import create_db_engine
from services.case import cases, intake, journal
from services.case.inbound import Inbound
from services.case.models import JournalEntry

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
BEFORE = "ab3911d8ac42"  # contracts carry an SLA: the last revision before


def test_agents_summaries_stored_as_the_customers_messages_become_their_notes(db_url):
    config = alembic_config("case", db_url)
    command.upgrade(config, "head")  # written with today's models, as it stood before:
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            data = {"subject": "Hinge", "description": "Called; wants a new hinge.", "channel": "phone"}
            case = cases.open_case(session, data, "ann", {"customer_id": 7}, NOW)
            # as the agent's case was journaled before: a public message in, by the agent
            journal.add(
                session, case, "message", case.description, "ann", NOW, visibility="public", direction="in"
            )
            cases.reply(session, case, "It is on its way.", "ann", NOW + timedelta(minutes=1))
            mail = Inbound(
                channel="email",
                sender_address="asa@example.se",
                sender_name="Åsa",
                subject="Re: Hinge",
                text="Thanks!",
                message_id="<m1@example.se>",
            )
            sender = intake.Sender("asa@example.se", frozenset({7}))
            intake.receive(session, mail, {"customer_id": 7}, NOW, case=case, sender=sender)
            came_in = intake.receive(
                session,
                Inbound("email", "bo@example.se", "Bo", "Q", "Hello", "<m2@x>"),
                {},
                NOW,
                sender=intake.Sender("bo@example.se"),
            )
            case_id, their_case = case.id, came_in.case.id
        command.downgrade(config, BEFORE)  # later columns go, the rows stay as written
        command.upgrade(config, "head")
        with Session(engine) as session:
            rows = session.execute(
                select(
                    JournalEntry.case_id,
                    JournalEntry.kind,
                    JournalEntry.visibility,
                    JournalEntry.direction,
                    JournalEntry.author,
                    JournalEntry.body,
                )
                .where(JournalEntry.kind.in_(("message", "note")))
                .order_by(JournalEntry.id)
            ).all()
        assert [tuple(r) for r in rows] == [
            (case_id, "note", "internal", None, "ann", "Called; wants a new hinge."),
            (case_id, "message", "public", "out", "ann", "It is on its way."),
            (case_id, "message", "public", "in", "Åsa <asa@example.se>", "Thanks!"),
            (their_case, "message", "public", "in", "Bo <bo@example.se>", "Hello"),
        ]
        command.downgrade(config, BEFORE)
    finally:
        engine.dispose()

"""What the case service's entrypoints call, each in one step: a case opened, moved and
answered with the event each raises, a template filled from the customer and the order,
timers and reminders announced, and the input checks that moved out of the service."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.papers import DocumentIn
from crm_common.contracts.case.replies import ReplyTemplateIn
from crm_common.errors import InvalidInput, NotFound
from services.case import (
    agenda,
    assigning,
    calls,
    cases,
    escalation,
    journal,
    papers,
    personal_data,
    reminders,
    replies,
    reports,
)
from services.case.models import Base, Case, Document, OutboxMessage

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
PROFILE = {"customer_id": 7, "language": "sv"}
MONTHS = {"from": "2026-01", "to": "2026-02"}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def events(session):
    return [
        (m.event_type, m.payload["data"])
        for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]


def opened(session, subject="Trasig slang", **data):
    valid = load(CaseCreate(), {"customer_id": 7, "subject": subject, **data})
    return cases.open_for_customer(session, valid, "ann", PROFILE, NOW)


def test_an_agents_case_starts_with_its_description_and_is_announced(uow):
    with uow.transaction() as session:
        case = opened(session, description="Slangen läcker.")
        assert journal.entries(session, case.id, public_only=True) == []  # the agent wrote it
        [entry] = [e for e in journal.entries(session, case.id, public_only=False) if e.kind == "note"]
        assert (entry.body, entry.visibility, entry.author) == ("Slangen läcker.", "internal", "ann")
        assert events(session) == [
            (
                "case_opened",
                {
                    "case_id": case.id,
                    "number": case.number,
                    "customer_id": 7,
                    "subject": "Trasig slang",
                    "channel": case.channel,
                    "assignee": None,
                    "queue": case.queue,
                    "confirm": True,
                    "references": [],
                },
            )
        ]


def test_each_move_raises_its_event_and_a_move_not_allowed_nothing(uow):
    with uow.transaction() as session:
        case = opened(session)
        cases.move(session, case.id, "pending", "ann", NOW)
        cases.move(session, case.id, "solved", "ann", NOW)
        cases.move(session, case.id, "closed", "ann", NOW)
        moves = [(kind, data["from"], data["to"]) for kind, data in events(session)[1:]]
        assert moves == [
            ("case_status_changed", "open", "pending"),
            ("case_solved", "pending", "solved"),
            ("case_closed", "solved", "closed"),
        ]
        with pytest.raises(Exception, match="cannot go"):
            cases.move(session, case.id, "open", "ann", NOW)
        assert len(events(session)) == 4


def test_a_reply_carries_our_message_id_and_answers_the_customers_latest_mail(uow):
    with uow.transaction() as session:
        case = opened(session)
        journal.add(
            session, case, "message", "Hej", "Åsa <asa@example.se>", NOW, direction="in", message_id="<m1@x>"
        )
        entry = replies.send(session, case.id, "Vi skickar en ny.", "ann", "pending", NOW, "crm.example")
        assert entry.message_id == f"<case-{case.number}.{entry.id}@crm.example>" and case.status == "pending"
        kind, data = events(session)[-1]
        assert kind == "case_replied"
        assert data == {
            "case_id": case.id,
            "number": case.number,
            "customer_id": 7,
            "recipient": None,
            "entry_id": entry.id,
            "subject": f"[#{case.number}] Trasig slang",
            "body": "Vi skickar en ny.",
            "author": "ann",
            "message_id": entry.message_id,
            "in_reply_to": "<m1@x>",
            "channel": "email",
        }
        with pytest.raises(NotFound):
            replies.send(session, case.id + 1, "x", "ann", None, NOW, "crm.example")


def test_a_template_is_filled_from_the_customer_and_their_order_only(uow):
    with uow.transaction() as session:
        case_id = opened(session).id
        body = "Hej {{ customer.name }}! Order {{ order.number }}: {{ text }} /{{ agent }}"
        template = replies.create(session, load(ReplyTemplateIn(), {"name": "order", "body": body}))
        template_id = template.id

    def get_order(order_id):
        return {"id": order_id, "number": f"O-{order_id}", "customer_id": 7 if order_id == 1 else 8}

    def fill(order_id):
        data = {"template_id": template_id, "order_id": order_id, "text": "Den är skickad."}
        return replies.fill(uow, case_id, data, "ann", lambda _id: {"name": "Åsa"}, get_order)

    assert fill(1) == "Hej Åsa! Order O-1: Den är skickad. /ann"
    with pytest.raises(InvalidInput) as err:
        fill(2)
    assert err.value.fields == {"order_id": "not this customer's"}


def test_due_reminders_are_announced_once(uow):
    with uow.transaction() as session:
        document = papers.register_document(
            session,
            load(DocumentIn(), {"kind": "contract", "title": "Avtal", "expires_on": "2026-07-31"}),
            "ann",
            NOW,
        )
    later = NOW + timedelta(days=60)
    for _ in range(2):
        with uow.transaction() as session:
            reminders.send_due(session, later)
    with uow.read() as session:
        [(kind, data)] = events(session)
        assert kind == "reminder_due" and (data["about"], data["about_id"]) == ("document", document.id)


def test_no_timer_due_announces_nothing(uow):
    with uow.transaction() as session:
        opened(session)
        escalation.fire_due(session, NOW + timedelta(days=30))  # no SLA policy: no timers
        assert [kind for kind, _ in events(session)] == ["case_opened"]


def test_an_attachment_is_given_in_base64_and_an_internal_ones_only_to_staff(uow):
    with uow.transaction() as session:
        case = opened(session)
        entry = journal.add(
            session, case, "note", "bild", "ann", NOW, attachments=[("a.png", "image/png", b"\x89PNG")]
        )
        case_id, attachment_id = case.id, entry.attachments[0].id
    with uow.read() as session:
        got = journal.attachment_content(session, case_id, attachment_id, public_only=False)
        assert got == {"filename": "a.png", "content_type": "image/png", "content": "iVBORw=="}
        for wrong in ((case_id, attachment_id, True), (case_id + 1, attachment_id, False)):
            with pytest.raises(NotFound):
                journal.attachment_content(session, *wrong)


def test_a_solved_case_is_not_routed_again(uow):
    with uow.transaction() as session:
        case = opened(session)
        cases.set_status(session, case, "solved", "ann", NOW)
        with pytest.raises(InvalidInput) as err:
            assigning.reroute(session, case, "sup", NOW)
        assert err.value.fields == {"status": "solved"}


def test_a_merged_customers_records_go_to_the_survivor(uow):
    with uow.transaction() as session:
        case = opened(session)
        papers.register_document(
            session, load(DocumentIn(), {"kind": "policy", "title": "P", "customer_id": 7}), "ann", NOW
        )
        personal_data.move_to_survivor(session, 7, 9)
        assert case.customer_id == 9
        assert session.scalar(select(Document.customer_id)) == 9
        assert session.scalar(select(Case.customer_id)) == 9


def test_report_requests_are_checked_before_anything_is_counted(uow):
    with uow.read() as session:
        with pytest.raises(InvalidInput) as err:
            calls.counts_in(session, MONTHS, "queue")
        assert err.value.fields == {"by": "type, agent or agency"}
        with pytest.raises(InvalidInput) as err:
            reports.cases_in(session, MONTHS, "colour")
        assert err.value.fields == {"by": "agent, queue, category or channel"}
        assert calls.counts_in(session, MONTHS, "type") == []
        assert reports.cases_in(session, MONTHS, "queue") == []


def test_agenda_periods_years_and_list_filters_are_read_or_refused():
    first, last = agenda.period("2026-06-01", "2026-06-02T12:00Z")
    assert (first, last) == (
        datetime(2026, 6, 1, tzinfo=timezone.utc),
        datetime(2026, 6, 2, 12, tzinfo=timezone.utc),
    )
    for start, end, field in (("juni", "2026-06-02", "from"), ("2026-06-02", "2026-06-01", "to")):
        with pytest.raises(InvalidInput) as err:
            agenda.period(start, end)
        assert set(err.value.fields) == {field}
    assert agenda.year("2026") == 2026
    for wrong, why in (("x", "not a year"), (0, "out of range"), (9999, "out of range")):
        with pytest.raises(InvalidInput) as err:
            agenda.year(wrong)
        assert err.value.fields == {"year": why}
    assert (papers.customer_filter(""), papers.customer_filter(None), papers.customer_filter("7")) == (
        None,
        None,
        7,
    )
    assert (papers.days_filter(None), papers.days_filter(30)) == (None, 30)
    with pytest.raises(InvalidInput):
        papers.days_filter(0)
    assert date(2026, 6, 1) == first.date()

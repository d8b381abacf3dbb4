"""Case numbers, and the confirmation that goes out once per case."""

import pytest
from jinja2.exceptions import SecurityError

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.templating import compiled
from services.case import cases
from services.case.models import Base as CaseBase
from services.messaging import outgoing
from services.messaging.models import Base as MessagingBase


def test_case_numbers_count_up_per_year_without_gaps(uow_factory):
    uow = uow_factory(CaseBase)
    with uow.transaction() as session:
        assert [cases.next_number(session, 2026) for _ in range(3)] == [
            "2026-000001",
            "2026-000002",
            "2026-000003",
        ]
        assert cases.next_number(session, 2027) == "2027-000001"


def test_a_failed_case_does_not_use_up_a_number(uow_factory):
    uow = uow_factory(CaseBase)
    now = utcnow()
    with pytest.raises(RuntimeError), uow.transaction() as session:
        cases.open_case(session, load(CaseCreate(), {"customer_id": 1, "subject": "x"}), "ann", {}, now)
        raise RuntimeError("boom")
    with uow.transaction() as session:
        case = cases.open_case(
            session, load(CaseCreate(), {"customer_id": 1, "subject": "y"}), "ann", {}, now
        )
        assert case.number.endswith("-000001") and case.status == "open"


def test_the_confirmation_carries_the_case_number_and_goes_out_once(uow_factory):
    uow = uow_factory(MessagingBase)
    case = {"case_id": 5, "number": "2026-000005", "customer_id": 9, "subject": "Broken hose"}
    customer = {"id": 9, "name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}]}
    with uow.transaction() as session:
        (message,) = outgoing.confirm_case(session, case, customer)
        assert "2026-000005" in message.subject and "Åsa Lindqvist" in message.body
        assert message.recipient == "asa@example.se" and message.status == "queued"
        assert outgoing.confirm_case(session, case, customer) == []
    with uow.read() as session:
        assert len(outgoing.messages_to(session, 9)) == 1


def test_a_customer_without_email_gets_the_message_logged_as_undeliverable(uow_factory):
    uow = uow_factory(MessagingBase)
    with uow.transaction() as session:
        (message,) = outgoing.confirm_case(
            session,
            {"case_id": 1, "number": "n", "customer_id": 1, "subject": "s"},
            {"id": 2, "name": "Bo", "emails": []},
        )
        assert message.status == "no_address" and message.recipient is None


@pytest.mark.parametrize(
    "escape",
    ["{{ x.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}", "{{ x.__init__.__globals__ }}"],
)
def test_templates_cannot_reach_python_internals(escape):
    with pytest.raises(SecurityError):
        compiled(escape).render(x="")


ORDER_EVENT_DATA = {
    "order_placed": {
        "order_id": 7,
        "customer_id": 3,
        "status": "awaiting_payment",
        "total": "12990.00",
        "currency": "SEK",
    },
    "order_shipped": {
        "id": 1,
        "order_id": 7,
        "customer_id": 3,
        "carrier": "PostNord",
        "tracking_number": "PN1SE",
    },
    "delivery_delayed": {
        "order_id": 7,
        "customer_id": 3,
        "skus": ["HOSE-25"],
        "previous": "2026-12-15",
        "expected_on": "2027-01-10",
    },
    "return_received": {
        "order_id": 7,
        "customer_id": 3,
        "amount": "199.00",
        "refund": {"amount": "199.00", "currency": "SEK"},
    },
    "refund_paid": {"customer_id": 3, "amount": "51.00", "currency": "SEK", "reason": "paid more than owed"},
    "membership_ended": {"customer_id": 3, "plan": {"name": "Garden club"}, "ended_on": "2026-11-24"},
}
EXPECTED_WORDS = {
    "order_placed": "as soon as your payment has arrived",
    "order_shipped": "Tracking number: PN1SE",
    "delivery_delayed": "now expected on 2027-01-10",
    "return_received": "pay you back 199.00 SEK",
    "refund_paid": "paid you 51.00 SEK",
    "membership_ended": "Garden club ended on 2026-11-24",
}


@pytest.mark.parametrize("event_type", sorted(outgoing.ORDER_EVENTS))
def test_each_order_event_becomes_its_message_once(uow_factory, event_type):
    uow = uow_factory(MessagingBase)
    template, name = outgoing.ORDER_EVENTS[event_type]
    customer = {"id": 3, "name": "Åsa", "emails": [{"address": "asa@example.se"}]}
    with uow.transaction() as session:
        message = outgoing.compose(
            session, template, f"{event_type}:e1", customer, {name: ORDER_EVENT_DATA[event_type]}
        )
        assert EXPECTED_WORDS[event_type] in message.body and message.recipient == "asa@example.se"
        assert (
            outgoing.compose(
                session, template, f"{event_type}:e1", customer, {name: ORDER_EVENT_DATA[event_type]}
            )
            is None
        )

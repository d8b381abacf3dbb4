"""Case numbers, and the confirmation that goes out once per case."""

import pytest
from jinja2.exceptions import SecurityError

from crm_common.contracts import load
from crm_common.contracts.case import CaseCreate
from services.case import cases
from services.case.models import Base as CaseBase
from services.messaging import outgoing, templates
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
    with pytest.raises(RuntimeError), uow.transaction() as session:
        cases.open_case(session, load(CaseCreate(), {"customer_id": 1, "subject": "x"}), "ann")
        raise RuntimeError("boom")
    with uow.transaction() as session:
        case = cases.open_case(session, load(CaseCreate(), {"customer_id": 1, "subject": "y"}), "ann")
        assert case.number.endswith("-000001") and case.status == "open"


def test_the_confirmation_carries_the_case_number_and_goes_out_once(uow_factory):
    uow = uow_factory(MessagingBase)
    case = {"case_id": 5, "number": "2026-000005", "customer_id": 9, "subject": "Broken hose"}
    customer = {"name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}]}
    with uow.transaction() as session:
        message = outgoing.confirm_case(session, case, customer)
        assert "2026-000005" in message.subject and "Åsa Lindqvist" in message.body
        assert message.recipient == "asa@example.se" and message.status == "recorded"
        assert outgoing.confirm_case(session, case, customer) is None
    with uow.read() as session:
        assert len(outgoing.messages_to(session, 9)) == 1


def test_a_customer_without_email_gets_the_message_logged_as_undeliverable(uow_factory):
    uow = uow_factory(MessagingBase)
    with uow.transaction() as session:
        message = outgoing.confirm_case(
            session,
            {"case_id": 1, "number": "n", "customer_id": 1, "subject": "s"},
            {"name": "Bo", "emails": []},
        )
        assert message.status == "no_address" and message.recipient is None


@pytest.mark.parametrize(
    "escape",
    ["{{ x.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}", "{{ x.__init__.__globals__ }}"],
)
def test_templates_cannot_reach_python_internals(escape):
    with pytest.raises(SecurityError):
        templates._env.from_string(escape).render(x="")

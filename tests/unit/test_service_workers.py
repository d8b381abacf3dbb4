"""Service entrypoints with worker_factory: a real SQLite unit of work, other services
replaced at the RPC boundary."""

from unittest.mock import Mock

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from crm_common.errors import InvalidInput
from services.customer.models import Base as CustomerBase
from services.customer.models import Customer, OutboxMessage
from services.customer.service import CustomerService
from services.telephony.models import Base as TelephonyBase
from services.telephony.models import OutboxMessage as CallEvents
from services.telephony.service import TelephonyService


def test_creating_a_customer_records_customer_created(uow_factory):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase))
    made = svc.create_customer({"kind": "organisation", "name": "Acme AB", "org_number": "556036-0793"})
    with svc.db.read() as session:
        (event,) = session.scalars(select(OutboxMessage)).all()
        assert event.event_type == "customer_created" and event.payload["data"]["customer_id"] == made["id"]
    assert svc.db.commits_with_events == [1]


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"kind": "robot", "name": "x"},
        {"kind": "person"},
        {"kind": "organisation", "name": ""},
        {"kind": "person", "name": "A B", "emails": [{"address": "not-an-email"}]},
        {"kind": "person", "name": "A B", "satisfaction": 9},
        {"kind": "person", "name": "A B", "extra": 1},
        "not an object",
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_written(uow_factory, bad):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase))
    with pytest.raises(InvalidInput) as err:
        svc.create_customer(bad)
    assert err.value.fields
    with svc.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_ringing_call_is_resolved_to_person_and_organisation(uow_factory):
    svc = worker_factory(TelephonyService, db=uow_factory(TelephonyBase), customers=Mock())
    svc.customers.find_by_phone.return_value = [
        {"customer": {"id": 1, "kind": "organisation", "name": "Acme AB"}, "organisations": []},
        {
            "customer": {"id": 2, "kind": "person", "name": "Åsa"},
            "organisations": [{"id": 1, "name": "Acme AB"}],
        },
    ]
    call = svc.handle_call_event({"event": "ringing", "call_id": "x1", "from": "08-123 45 67"})
    svc.customers.find_by_phone.assert_called_once_with("+4681234567")
    assert (call["customer_id"], call["customer_name"], call["organisation_name"]) == (2, "Åsa", "Acme AB")
    svc.handle_call_event({"event": "hangup", "call_id": "x1"})
    assert svc.customers.find_by_phone.call_count == 1  # a known call is not looked up again
    with svc.db.read() as session:
        assert [e.event_type for e in session.scalars(select(CallEvents).order_by(CallEvents.id))] == [
            "call_ringing",
            "call_ended",
        ]


def test_an_unknown_caller_is_a_call_without_customer(uow_factory):
    svc = worker_factory(TelephonyService, db=uow_factory(TelephonyBase), customers=Mock())
    svc.customers.find_by_phone.return_value = []
    call = svc.handle_call_event({"event": "ringing", "call_id": "x2", "from": "+47 22 33 44 55"})
    assert call["customer_id"] is None and call["remote_number"] == "+4722334455"
    assert [c["call_id"] for c in svc.active_calls()] == ["x2"]

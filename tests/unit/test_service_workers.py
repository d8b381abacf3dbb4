"""Service entrypoints with worker_factory: a real SQLite unit of work, other services
replaced at the RPC boundary."""

from unittest.mock import Mock

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from crm_common.acting import SYSTEM
from crm_common.errors import InvalidInput
from services.customer.models import Base as CustomerBase
from services.customer.models import Customer, OutboxMessage
from services.customer.service import CustomerService
from services.telephony.models import Base as TelephonyBase
from services.telephony.models import OutboxMessage as CallEvents
from services.telephony.service import TelephonyService


def test_creating_a_customer_records_customer_created(uow_factory):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
    made = svc.create_customer({"kind": "organisation", "name": "Acme AB", "org_number": "556036-0793"})
    with svc.db.read() as session:
        events = {e.event_type: e for e in session.scalars(select(OutboxMessage))}
        assert set(events) == {"customer_created", "act_recorded"}
        assert events["customer_created"].payload["data"]["customer_id"] == made["id"]
        assert events["act_recorded"].payload["data"]["customer_id"] == made["id"]
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
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
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


@pytest.mark.parametrize(
    "value, field",
    [
        (2**31, "parent_id"),  # one more than an integer column holds on PostgreSQL
        (1e308, "parent_id"),  # a float read as a whole number
        (2**63, "parent_id"),  # past what SQLite holds too
    ],
)
def test_a_number_too_large_to_store_is_refused_with_its_field(uow_factory, value, field):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
    with pytest.raises(InvalidInput) as err:
        svc.create_customer({"kind": "organisation", "name": "Acme AB", field: value})
    assert err.value.fields == {field: "must be between -2147483648 and 2147483647"}


def test_a_number_too_large_to_store_is_named_where_it_sits_in_a_list():
    from marshmallow import Schema, fields

    from crm_common.contracts import load

    class Line(Schema):
        quantity = fields.Int()

    class Lines(Schema):
        lines = fields.List(fields.Nested(Line))

    with pytest.raises(InvalidInput) as err:
        load(Lines(), {"lines": [{"quantity": 1}, {"quantity": 2**40}]})
    assert err.value.fields == {"lines.1.quantity": "must be between -2147483648 and 2147483647"}


def test_a_whole_number_with_a_fraction_is_refused_not_cut():
    from crm_common.contracts import load
    from crm_common.contracts.order.orders import OrderCreate

    with pytest.raises(InvalidInput) as err:  # marshmallow alone reads 2.5 as 2
        load(OrderCreate(), {"customer_id": 1.5, "lines": [{"sku": "A-1", "quantity": 2.5}]})
    assert set(err.value.fields) == {"customer_id", "lines.0.quantity"}
    order = load(OrderCreate(), {"customer_id": 1.0, "lines": [{"sku": "A-1", "quantity": 2.0}]})
    assert (order["customer_id"], order["lines"][0]["quantity"]) == (1, 2)


def test_an_unknown_parent_is_refused_by_name_not_by_the_database(uow_factory):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
    firm = svc.create_customer({"kind": "organisation", "name": "Acme AB"})
    with pytest.raises(InvalidInput) as err:
        svc.update_customer(firm["id"], {"parent_id": 46})
    assert err.value.fields == {"parent_id": "no such (other) organisation"}
    assert svc.get_customer(firm["id"])["parent_id"] is None


@pytest.mark.parametrize("text", ["99999999999999999999", "²", "12"])
def test_a_search_for_any_number_answers(uow_factory, text):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
    svc.create_customer({"kind": "organisation", "name": "Acme AB"})
    assert svc.search_customers(text) == []


@pytest.mark.parametrize(
    "changes, field, reason",
    [
        ({"name": "Acme\x00AB"}, "name", "must not contain a NUL character"),
        (
            {"addresses": [{"street": "Storg\x00", "postal_code": "41138", "city": "Göteborg"}]},
            "addresses.0.street",
            "must not contain a NUL character",
        ),
        ({"credit_limit": "10000000000"}, "credit_limit", "must be less than 10000000000 in size"),
    ],
)
def test_what_postgresql_cannot_store_is_refused_on_every_database(uow_factory, changes, field, reason):
    svc = worker_factory(CustomerService, db=uow_factory(CustomerBase), actor=SYSTEM)
    firm = svc.create_customer({"kind": "organisation", "name": "Acme AB"})
    with pytest.raises(InvalidInput) as err:
        svc.update_customer(firm["id"], changes)
    assert err.value.fields == {field: reason}
    assert svc.get_customer(firm["id"])["name"] == "Acme AB"

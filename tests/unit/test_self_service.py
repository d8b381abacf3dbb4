"""A customer's own change from the portal is looked at again: a look-alike it makes is
noted in the log for the next agent, and an ordinary change notes nothing."""

from datetime import date

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate, CustomerUpdate
from services.customer import blocking, customer_log, profiles, register, self_service
from services.customer.models import Base

TODAY = date(2026, 11, 24)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        c = register.create_customer(session, load(CustomerCreate(), {"kind": "person", **data}), "SE")
        blocking.store(session, c.id, profiles.from_customer(c))
        return c.id


def change(uow, customer_id, **changes):
    with uow.transaction() as session:
        customer, found = self_service.update_own_details(
            session, customer_id, load(CustomerUpdate(), changes), TODAY
        )
        return [hit["customer"]["id"] for hit in found]


def test_new_details_that_make_a_look_alike_are_noted_for_an_agent(uow):
    first = create(
        uow,
        given_name="Karin",
        family_name="Ekström",
        birthday="1975-03-14",
        phones=[{"number": "070-2223344"}],
        addresses=[{"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}],
    )
    second = create(
        uow, given_name="Karin", family_name="Ekström", emails=[{"address": "karin.e@example.se"}]
    )
    assert change(
        uow,
        second,
        phones=[{"number": "+46702223344", "label": "mobile"}],
        addresses=[{"street": "Storgatan 3", "postal_code": "41138", "city": "Göteborg"}],
    ) == [first]
    with uow.read() as session:
        [entry] = customer_log.current(session, second, TODAY)
        assert entry.importance == "yellow" and entry.author == "portal"
        assert f"(no. {first})" in entry.text and "Karin Ekström" in entry.text
        assert customer_log.current(session, first, TODAY) == []


def test_an_ordinary_move_notes_nothing(uow):
    create(
        uow,
        given_name="Olof",
        family_name="Berg",
        addresses=[{"street": "Kungsgatan 1", "postal_code": "111 43", "city": "Stockholm"}],
    )
    mover = create(uow, given_name="Petra", family_name="Sund", phones=[{"number": "070-9998877"}])
    assert (
        change(
            uow, mover, addresses=[{"street": "Kungsgatan 1", "postal_code": "111 43", "city": "Stockholm"}]
        )
        == []
    )
    with uow.read() as session:
        assert customer_log.current(session, mover, TODAY) == []
        assert [a.city for a in register.get_customer(session, mover).addresses] == ["Stockholm"]

"""Ending an employment and an organisation's holding (real SQLite, no nameko)."""

from datetime import date

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.errors import InvalidInput, NotFound
from services.customer import holdings, intake, relations
from services.customer.models import Base, OutboxMessage

AGENT = Acting("anna", "agent")


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        return intake.create(session, load(CustomerCreate(), data), "SE").id


def org(uow, name, **extra):
    return create(uow, kind="organisation", name=name, **extra)


def acts(uow, action):
    with uow.read() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "act_recorded"))
        return [r.payload["data"] for r in rows if r.payload["data"]["action"] == action]


def employed(uow, **data):
    person = create(uow, kind="person", given_name="Bo", family_name="Ek")
    company = org(uow, "Ek AB")
    with uow.transaction() as session:
        link = relations.link(session, AGENT, company, {"person_id": person, **data})
    return person, company, link


def test_an_ended_employment_keeps_its_end_date_on_both_sides_trails(uow):
    person, company, link = employed(uow, started_on=date(2020, 1, 1))
    with uow.transaction() as session:
        out = relations.end(session, AGENT, person, link["id"], date(2026, 11, 30))
    assert out["ended_on"] == "2026-11-30"
    with uow.read() as session:
        [row] = relations.employments(session, company)
        assert row["ended_on"] == date(2026, 11, 30)
        assert relations.employments(session, company, current_only=True) == []
    ended = acts(uow, "employment_ended")
    assert {(a["customer_id"], a["target"]) for a in ended} == {
        (company, f"customer {person}"),
        (person, f"customer {company}"),
    }
    assert {"field": "ended_on", "old": None, "new": "2026-11-30"} in ended[0]["details"]["changes"]
    assert {a["customer_id"] for a in acts(uow, "contact_person_linked")} == {company, person}


def test_an_employment_cannot_end_before_it_started_nor_through_another_customer(uow):
    person, company, link = employed(uow, started_on=date(2020, 1, 1))
    stranger = org(uow, "Annat AB")
    with uow.transaction() as session, pytest.raises(InvalidInput) as err:
        relations.end(session, AGENT, company, link["id"], date(2019, 12, 31))
    assert list(err.value.fields) == ["ended_on"]
    with uow.transaction() as session, pytest.raises(NotFound):
        relations.end(session, AGENT, stranger, link["id"], date(2026, 1, 1))
    with uow.transaction() as session, pytest.raises(NotFound):
        relations.end(session, AGENT, company, link["id"] + 1000, date(2026, 1, 1))
    assert acts(uow, "employment_ended") == []


def test_a_holding_shows_the_parent_and_the_subsidiaries_a_page_at_a_time(uow):
    parent = org(uow, "Koncern AB")
    middle = org(uow, "Mellan AB", parent_id=parent)
    subsidiaries = [org(uow, f"Dotter {i} AB", parent_id=middle) for i in range(3)]
    with uow.read() as session:
        first = holdings.holding(session, middle, None, 2)
        rest = holdings.holding(session, middle, int(first["next_cursor"]), 2)
        top = holdings.holding(session, parent, None, 50)
    assert first["parent"] == {"id": parent, "name": "Koncern AB"}
    assert [c["id"] for c in first["subsidiaries"] + rest["subsidiaries"]] == subsidiaries
    assert rest["next_cursor"] is None
    assert top["parent"] is None and top["subsidiaries"] == [{"id": middle, "name": "Mellan AB"}]

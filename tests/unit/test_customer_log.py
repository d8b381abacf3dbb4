"""The customer log (C8): colours, relevance, pop-ups and the at-login reminders."""

from datetime import date, timedelta

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.contracts.customer.log import LogEntryIn
from crm_common.errors import InvalidInput, NotFound
from services.customer import customer_log, merging, register
from services.customer.models import Base

TODAY = date(2026, 11, 24)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, name):
    with uow.transaction() as session:
        return register.create_customer(
            session, load(CustomerCreate(), {"kind": "person", "name": name}), "SE"
        ).id


def add(uow, customer_id, author="ann", **data):
    with uow.transaction() as session:
        entry = customer_log.add_entry(session, customer_id, author, load(LogEntryIn(), data), TODAY)
        return entry.id


def test_red_comes_first_pops_up_by_default_and_expired_entries_are_gone(uow):
    cid = create(uow, "Åsa Lindqvist")
    add(uow, cid, text="likes morning calls", importance="green")
    add(uow, cid, text="owes us for three invoices", importance="red")
    add(uow, cid, text="ask about the trade fair", importance="yellow", relevant_until=str(TODAY))
    add(
        uow, cid, text="discount campaign", importance="yellow", relevant_until=str(TODAY + timedelta(days=1))
    )
    with uow.read() as session:
        today = customer_log.current(session, cid, TODAY)
        assert [(e.importance, e.text) for e in today] == [
            ("red", "owes us for three invoices"),
            ("yellow", "discount campaign"),
            ("yellow", "ask about the trade fair"),
            ("green", "likes morning calls"),
        ]
        assert [e.pop_up for e in today] == [True, False, False, False]
        later = customer_log.current(session, cid, TODAY + timedelta(days=1))
        assert "ask about the trade fair" not in [e.text for e in later]
        assert len(later) == 3


def test_a_red_entry_may_stay_quiet_and_a_past_date_is_refused(uow):
    cid = create(uow, "Bo Ek")
    add(uow, cid, text="known to shout", importance="red", pop_up=False)
    with uow.read() as session:
        assert customer_log.current(session, cid, TODAY)[0].pop_up is False
    with pytest.raises(InvalidInput) as err:
        add(uow, cid, text="too late", relevant_until=str(TODAY - timedelta(days=1)))
    assert "relevant_until" in err.value.fields
    with pytest.raises(NotFound):
        add(uow, 9999, text="nobody")


def test_at_login_shows_only_my_reminders_while_relevant(uow):
    first, second = create(uow, "Cia Berg"), create(uow, "Dan Holm")
    add(uow, first, author="ann", text="call back about the offer", remind_at_login=True)
    add(uow, second, author="bob", text="bob's reminder", remind_at_login=True)
    add(uow, second, author="ann", text="not a reminder")
    add(uow, second, author="ann", text="over soon", remind_at_login=True, relevant_until=str(TODAY))
    with uow.read() as session:
        mine = customer_log.at_login(session, "ann", TODAY)
        assert sorted((name, e.text) for e, name in mine) == [
            ("Cia Berg", "call back about the offer"),
            ("Dan Holm", "over soon"),
        ]
        assert [e.text for e, _ in customer_log.at_login(session, "ann", TODAY + timedelta(days=1))] == [
            "call back about the offer"
        ]


def test_the_log_follows_a_merge(uow):
    keep, dup = create(uow, "Eva Sund"), create(uow, "Eva Sundh")
    add(uow, dup, text="VIP", importance="red")
    with uow.transaction() as session:
        merging.merge(session, keep, dup, "sup", {"name": "Eva Sundh"})
    with uow.read() as session:
        assert [e.text for e in customer_log.current(session, keep, TODAY)] == ["VIP"]

"""Saved selections listed by name a page at a time: the last name of a page starts the
next, so none is skipped or shown twice."""

from datetime import datetime, timezone

import pytest

from services.customer import saved_selections
from services.customer.models import Base

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def test_saved_selections_come_by_name_a_page_at_a_time(uow):
    with uow.transaction() as session:
        for name in ("Vår", "Buyers", "Chefs", "Anna's"):
            saved_selections.save(session, name, {"tier": ["key"]}, "sup", "SE", NOW)
    with uow.read() as session:
        first = saved_selections.listed(session, 3)
        assert [s.name for s in first] == ["Anna's", "Buyers", "Chefs"]
        assert [s.name for s in saved_selections.listed(session, 3, first[-1].name)] == ["Vår"]
        assert first[0].last_size == 0 and first[0].created_by == "sup"

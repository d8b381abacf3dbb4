"""One-time portal login links: once, in time, never flooding an inbox, nothing usable
kept in the database."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm_common.errors import Unauthorized
from gateway import login_links
from gateway.models import Base, LoginLink

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def test_a_link_works_once(uow):
    with uow.transaction() as session:
        token = login_links.issue(session, 42, NOW)
    with uow.transaction() as session:
        assert login_links.redeem(session, token, NOW + timedelta(minutes=1)) == 42
    with pytest.raises(Unauthorized) as err, uow.transaction() as session:
        login_links.redeem(session, token, NOW + timedelta(minutes=2))
    assert err.value.fields == {"token": "used or expired"}


def test_a_link_expires_and_a_made_up_one_opens_nothing(uow):
    with uow.transaction() as session:
        token = login_links.issue(session, 42, NOW)
    with pytest.raises(Unauthorized), uow.transaction() as session:
        login_links.redeem(session, token, NOW + login_links.LIFETIME + timedelta(seconds=1))
    with pytest.raises(Unauthorized), uow.transaction() as session:
        login_links.redeem(session, "not-a-token-at-all", NOW)


def test_only_a_hash_is_kept_and_five_an_hour_per_customer(uow):
    with uow.transaction() as session:
        tokens = [login_links.issue(session, 7, NOW + timedelta(minutes=i)) for i in range(6)]
        other = login_links.issue(session, 8, NOW)
    assert all(tokens[:5]) and tokens[5] is None and other
    with uow.transaction() as session:
        assert (
            login_links.issue(session, 7, NOW + timedelta(minutes=61)) is not None
        )  # the first has aged out
        stored = session.scalars(select(LoginLink.token_hash)).all()
    assert not set(stored) & set(tokens)

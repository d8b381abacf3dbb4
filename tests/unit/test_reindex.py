"""Reindex (`python -m services.customer.reindex`): a register whose keys, counts and
stored profiles are missing or stale ends with exactly what storing each customer as it
is now writes, and a merged-away customer ends with nothing to be matched by."""

import pytest
from sqlalchemy import delete, func, insert, select, update

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from services.customer import blocking, matching, merging, profiles, register
from services.customer.models import Base, MatchKey, MatchKeyCount, MatchProfile
from services.customer.reindex import reindex
from services.customer.verdicts import Thresholds
from tests.unit.test_profile_store import FIRM, KALLE, create

ANNA = {
    "kind": "person",
    "given_name": "Anna",
    "family_name": "Lind",
    "phones": [{"number": "070-765 43 21"}],
    "addresses": [{"street": "Storgatan 12 B", "postal_code": "411 38", "city": "Göteborg"}],
}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def index(session) -> tuple[set, dict, dict]:
    """Everything matching reads: each customer's keys, each key's count, each profile."""
    held = set(session.execute(select(MatchKey.customer_id, MatchKey.key)).all())
    counts = dict(
        session.execute(select(MatchKeyCount.key, MatchKeyCount.n).where(MatchKeyCount.n > 0)).all()
    )
    stored = dict(session.execute(select(MatchProfile.customer_id, MatchProfile.document)).all())
    return held, counts, stored


def kalle_calls(session) -> list[dict]:
    probe = {"kind": "person", "name": "Karl Öberg", "phones": [{"number": "+46 70 123 45 67"}]}
    profile = profiles.from_request(load(CustomerCreate(), probe), "SE")
    return matching.match(session, profile, register.size(session), Thresholds())


def test_a_register_without_keys_counts_or_profiles_is_matched_again_after_a_reindex(uow):
    ids = [create(uow, data) for data in (KALLE, FIRM, ANNA)]
    with uow.read() as session:
        written = index(session)
    with uow.transaction() as session:
        for table in (MatchKey, MatchKeyCount, MatchProfile):
            session.execute(delete(table))
    with uow.read() as session:
        assert kalle_calls(session) == []
    seen = []
    with uow.transaction() as session:
        assert reindex(session, seen.append, size=2) == 3
    assert seen == [2, 3]
    with uow.read() as session:
        assert index(session) == written
        assert [hit["customer"]["id"] for hit in kalle_calls(session)] == [ids[0]]


def test_stale_keys_and_counts_are_replaced_and_the_counts_still_add_up(uow):
    cid = create(uow, ANNA)
    with uow.read() as session:
        written = index(session)
    with uow.transaction() as session:  # as older key rules would have left them
        session.execute(update(MatchKeyCount).values(n=MatchKeyCount.n + 5))
        session.execute(insert(MatchKey).values(customer_id=cid, key="nm:OLD RULE"))
        session.execute(insert(MatchKeyCount).values(key="nm:OLD RULE", n=1))
        session.execute(delete(MatchKey).where(MatchKey.key.startswith("p:")))
    with uow.transaction() as session:
        reindex(session)
    with uow.read() as session:
        held, counts, stored = index(session)
        assert (held, stored) == (written[0], written[2])
        assert "nm:OLD RULE" not in counts
        # each count keeps the 5 it was spoiled with (only a change is counted), and the
        # phone, whose key had gone, counts once more
        assert {k: n - 5 - k.startswith("p:") for k, n in counts.items()} == written[1]


def test_a_merged_away_customer_keeps_no_keys_or_profile(uow):
    keep = create(uow, KALLE)
    gone = create(
        uow, {**KALLE, "given_name": "Karl", "national_id": None, "emails": [{"address": "karl@oberg.se"}]}
    )
    with uow.transaction() as session:
        merging.merge(session, keep, gone, "sup", {})
    with uow.read() as session:
        merged = index(session)
    with uow.transaction() as session:  # as the reindex before this one left them
        customer = register.get_customer(session, keep)
        blocking.store(session, gone, profiles.from_customer(customer))
    with uow.transaction() as session:
        assert reindex(session) == 1
    with uow.read() as session:
        assert index(session) == merged
        assert (
            session.scalar(select(func.count()).select_from(MatchKey).where(MatchKey.customer_id == gone))
            == 0
        )

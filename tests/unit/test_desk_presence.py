"""Presence without a broker (K4): an agent whose every desk stays closed past the grace
period is gone, once; a reconnect within it, or a second desk still open, keeps them."""

from datetime import datetime, timedelta, timezone

import pytest

from gateway import desk_presence
from gateway.models import Base

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
GRACE = 60.0


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def sweep(uow, seconds):
    with uow.transaction() as session:
        return desk_presence.gone(session, at(seconds), GRACE)


def test_a_desk_closed_past_the_grace_period_is_gone_once_whoever_sweeps(uow):
    with uow.transaction() as session:
        desk_presence.seen(session, "ann", at(0))
        desk_presence.closed(session, "ann", at(10))
    assert sweep(uow, 69) == []  # 59 s after the close: still within the grace period
    assert sweep(uow, 71) == ["ann"]
    assert sweep(uow, 72) == [] and sweep(uow, 500) == []  # claimed: never twice


def test_a_reconnect_within_the_grace_period_changes_nothing(uow):
    with uow.transaction() as session:
        desk_presence.seen(session, "bob", at(0))
        desk_presence.closed(session, "bob", at(0))
        desk_presence.seen(session, "bob", at(50))  # the page came back
    assert sweep(uow, 100) == []
    with uow.transaction() as session:
        desk_presence.closed(session, "bob", at(100))
    assert sweep(uow, 161) == ["bob"]


def test_one_desk_closed_of_two_keeps_the_agent_while_the_other_beats(uow):
    with uow.transaction() as session:
        desk_presence.seen(session, "cid", at(0))  # two tabs open
        desk_presence.seen(session, "cid", at(1))
        desk_presence.closed(session, "cid", at(5))  # one closes
    for second in range(10, 200, 5):  # the other says it is there every few seconds
        with uow.transaction() as session:
            desk_presence.seen(session, "cid", at(second))
        assert sweep(uow, second + 1) == []


def test_a_logout_is_gone_at_once_and_the_sweep_does_not_do_it_again(uow):
    with uow.transaction() as session:
        desk_presence.seen(session, "dan", at(0))
        assert desk_presence.logged_out(session, "dan", at(5))
        assert not desk_presence.logged_out(session, "dan", at(6))  # a second logout
        desk_presence.closed(session, "dan", at(8))  # the stream ends after the logout
    assert sweep(uow, 1000) == []


def test_a_failed_hand_on_is_tried_again_by_the_next_sweep(uow):
    with uow.transaction() as session:
        desk_presence.seen(session, "eve", at(0))
    assert sweep(uow, 61) == ["eve"]
    with uow.transaction() as session:
        desk_presence.unclaim(session, "eve")
    assert sweep(uow, 62) == ["eve"]


def test_the_stream_says_it_is_there_well_inside_the_grace_period():
    assert desk_presence.beat_seconds(60) == 5.0
    assert desk_presence.beat_seconds(3) == 1.0
    assert desk_presence.seen_every(60) == 20.0  # the keep-alive write: a third as often as a beat

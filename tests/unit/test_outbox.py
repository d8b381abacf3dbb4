"""The outbox: events are written with the change, relayed in order, kept on failure."""

from datetime import timedelta

import pytest
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from crm_common.clock import utcnow
from crm_common.idempotency import ProcessedEventMixin, claim, handles_once
from crm_common.outbox import UNROUTED_GRACE, UNTIL_PUBLISHED, OutboxMixin, Unroutable, record, relay_pending


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Outbox(OutboxMixin, Base):
    pass


class Seen(ProcessedEventMixin, Base):
    pass


@pytest.fixture
def uow(uow_factory, unchecked_events):
    """Made-up events: these tests are about the relay, not the events' contracts."""
    return uow_factory(Base)


def pending(uow):
    with uow.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.published_at.is_(None)))


def test_the_event_commits_with_the_change_and_wakes_the_relay(uow):
    with uow.transaction() as session:
        session.add(Thing(name="a"))
        record(session, Outbox, "thing_made", {"name": "a"})
    assert pending(uow) == 1 and uow.commits_with_events == [1]


def test_a_rolled_back_change_leaves_no_event(uow):
    with pytest.raises(RuntimeError), uow.transaction() as session:
        session.add(Thing(name="a"))
        record(session, Outbox, "thing_made", {"name": "a"})
        raise RuntimeError("boom")
    assert pending(uow) == 0 and uow.commits_with_events == []


def test_events_are_published_in_order_with_their_envelope(uow):
    for n in range(3):
        with uow.transaction() as session:
            record(session, Outbox, "thing_made", {"n": n})
    sent = []
    with uow.transaction() as session:
        assert relay_pending(session, Outbox, lambda t, p: sent.append((t, p))) == 3
    assert [p["data"]["n"] for _, p in sent] == [0, 1, 2]
    assert {t for t, _ in sent} == {"thing_made"} and all(p["event_id"] for _, p in sent)
    assert pending(uow) == 0


def test_a_broker_failure_keeps_the_event_for_the_next_round(uow):
    with uow.transaction() as session:
        record(session, Outbox, "a", {})
        record(session, Outbox, "b", {})

    def down(t, p):
        raise ConnectionError("broker down")

    with uow.transaction() as session:
        assert relay_pending(session, Outbox, down) == 0
    assert pending(uow) == 2
    with uow.read() as session:
        first = session.scalars(select(Outbox).order_by(Outbox.id)).first()
        assert first.attempts == 1 and "broker down" in first.last_error
        assert first.next_attempt_at > first.created_at
    sent = []
    with uow.transaction() as session:  # too early: the failed row waits, the next one goes
        relay_pending(session, Outbox, lambda t, p: sent.append(t))
    assert sent == ["b"]
    make_due(uow)
    with uow.transaction() as session:
        relay_pending(session, Outbox, lambda t, p: sent.append(t))
    assert sent == ["b", "a"]


def test_retries_back_off_up_to_a_limit(uow):
    with uow.transaction() as session:
        record(session, Outbox, "a", {})

    def down(t, p):
        raise ConnectionError("broker down")

    waits = []
    for _ in range(8):
        make_due(uow)
        with uow.transaction() as session:
            relay_pending(session, Outbox, down)
            row = session.scalars(select(Outbox)).one()
            waits.append(round((row.next_attempt_at - utcnow()).total_seconds()))
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30]


def make_due(uow):
    with uow.transaction() as session:
        for row in session.scalars(select(Outbox)):
            row.next_attempt_at = None if row.next_attempt_at is None else utcnow() - timedelta(seconds=1)


def test_an_event_nobody_listens_to_yet_waits_without_blocking_the_rest(uow):
    with uow.transaction() as session:
        record(session, Outbox, "nobody_listens", {})
        record(session, Outbox, "listened_to", {})
    sent = []

    def publish(t, p):
        if t == "nobody_listens":
            raise Unroutable(t)
        sent.append(t)

    with uow.transaction() as session:
        relay_pending(session, Outbox, publish)
    assert sent == ["listened_to"] and pending(uow) == 1
    with uow.transaction() as session:  # after the grace period it is given up
        row = session.scalars(select(Outbox).where(Outbox.published_at.is_(None))).one()
        row.created_at = row.created_at - UNROUTED_GRACE - timedelta(seconds=1)
    make_due(uow)
    with uow.transaction() as session:
        relay_pending(session, Outbox, publish)
    assert pending(uow) == 0


def test_in_steady_state_an_event_nobody_listens_to_is_published_once(uow):
    """No retries once the relay has run past the start-up grace: nobody will bind a queue
    for it in the next minute, and retrying would cost a publish each time."""
    with uow.transaction() as session:
        record(session, Outbox, "nobody_listens", {})
    tries = []

    def publish(t, p):
        tries.append(t)
        raise Unroutable(t)

    long_ago = utcnow() - UNROUTED_GRACE - timedelta(seconds=1)
    with uow.transaction() as session:
        relay_pending(session, Outbox, publish, started_at=long_ago)
    make_due(uow)
    with uow.transaction() as session:
        relay_pending(session, Outbox, publish, started_at=long_ago)
    assert tries == ["nobody_listens"] and pending(uow) == 0


def test_a_handler_claims_an_event_once(uow):
    with uow.transaction() as session:
        assert claim(session, Seen, "e1", "h")
        assert not claim(session, Seen, "e1", "h")
        assert claim(session, Seen, "e1", "other handler")


class AreaEntrypoints:
    """An area's handlers, as a service's entrypoints module declares them."""

    @handles_once(Seen)
    def on_thing_named(self, session, payload):
        session.add(Thing(name=payload["name"]))
        return "handled"


class ThingService(AreaEntrypoints):
    def __init__(self, db):
        self.db = db


def test_a_handler_is_marked_by_its_service_not_where_it_is_declared(uow):
    """Moving a handler between a service's modules keeps its mark: the same event is not
    new to it after the move."""
    service = ThingService(uow)
    assert service.on_thing_named({"event_id": "e1", "name": "a"}) == "handled"
    assert service.on_thing_named({"event_id": "e1", "name": "a"}) is None
    with uow.read() as session:
        assert session.scalars(select(Seen.handler)).all() == [f"{__name__}.ThingService.on_thing_named"]
        assert session.scalar(select(func.count()).select_from(Thing)) == 1


def test_what_only_the_consumers_may_see_is_sent_whole_and_not_kept_once_out(uow):
    held = {"emails": ["asa@example.se"], "phones": ["+46701234567"]}
    with uow.transaction() as session:
        record(session, Outbox, "customer_erased", {"customer_id": 7, UNTIL_PUBLISHED: held})

    def down(t, p):
        raise ConnectionError("broker down")

    with uow.transaction() as session:
        assert relay_pending(session, Outbox, down) == 0
        session.scalars(select(Outbox)).one().next_attempt_at = None  # due again at once
    with uow.read() as session:  # not out yet: kept whole for the next try
        assert session.scalars(select(Outbox)).one().payload["data"][UNTIL_PUBLISHED] == held
    sent = []
    with uow.transaction() as session:
        assert relay_pending(session, Outbox, lambda t, p: sent.append(p)) == 1
    assert sent[0]["data"] == {"customer_id": 7, UNTIL_PUBLISHED: held}
    with uow.read() as session:
        stored = session.scalars(select(Outbox)).one()
        assert stored.published_at is not None and stored.payload["data"] == {"customer_id": 7}
        assert stored.payload["event_id"] == sent[0]["event_id"]

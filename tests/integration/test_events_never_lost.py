"""Events survive a crash on either side of the publish, over the real broker.

case opens a case → its outbox → RabbitMQ → messaging records the confirmation.
"""

import eventlet
import pytest
from nameko.events import event_handler
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import create_engine, func, select, text, update

from services.case.models import OutboxMessage
from services.case.service import CaseService
from services.customer.service import CustomerService
from services.messaging.models import Message, ProcessedEvent
from services.messaging.service import MessagingService


def wait_until(predicate, timeout=10.0):
    deadline = eventlet.hubs.get_hub().clock() + timeout
    while eventlet.hubs.get_hub().clock() < deadline:
        if predicate():
            return True
        eventlet.sleep(0.05)
    return False


def count(url, model):
    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(model)).scalar()
    engine.dispose()
    return n


def pending(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.published_at.is_(None))
        ).scalar()
    engine.dispose()
    return n


@pytest.fixture
def customer_id(config, container_factory):
    container_factory(CustomerService, config).start()
    with ClusterRpcProxy(config) as rpc:
        return rpc.customer.create_customer(
            {"kind": "person", "name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}]}
        )["id"]


class Listener:
    """Counts raw deliveries of case_opened, without any de-duplication."""

    name = "listener"
    received = []

    @event_handler("case", "case_opened")
    def on_case_opened(self, payload):
        Listener.received.append(payload["event_id"])


def relay_of(container):
    return next(d for d in container.extensions if type(d).__name__ == "OutboxRelay")


def test_a_relay_killed_between_commit_and_publish_loses_nothing(config, container_factory, customer_id):
    container_factory(MessagingService, config).start()
    doomed = container_factory(CaseService, config)
    stuck = eventlet.event.Event()
    relay = relay_of(doomed)
    relay.publish = lambda event_type, payload: stuck.wait()  # the process "hangs" at the publish
    doomed.start()

    with ClusterRpcProxy(config) as rpc:
        case = rpc.case.open_case({"customer_id": customer_id, "subject": "Broken hose"}, "ann")
    case_db, messaging_db = config["DATABASE_URLS"]["case"], config["DATABASE_URLS"]["messaging"]
    assert pending(case_db) == 1  # committed, not published
    doomed.kill()  # the crash
    assert count(messaging_db, Message) == 0

    container_factory(CaseService, config).start()  # the service comes back
    assert wait_until(lambda: count(messaging_db, Message) == 1)
    engine = create_engine(messaging_db)
    with engine.connect() as conn:
        subject = conn.execute(select(Message.subject)).scalar()
    engine.dispose()
    assert case["number"] in subject and pending(case_db) == 0


def test_an_event_published_twice_takes_effect_once(config, container_factory, customer_id):
    """A crash after the publish but before the outbox row is marked sends it again."""
    Listener.received = []
    container_factory(Listener, config).start()
    container_factory(MessagingService, config).start()
    container_factory(CaseService, config).start()
    with ClusterRpcProxy(config) as rpc:
        rpc.case.open_case({"customer_id": customer_id, "subject": "Broken hose"}, "ann")
    case_db, messaging_db = config["DATABASE_URLS"]["case"], config["DATABASE_URLS"]["messaging"]
    assert wait_until(lambda: count(messaging_db, Message) == 1 and pending(case_db) == 0)

    engine = create_engine(case_db)
    with engine.begin() as conn:  # as if the mark had never been written
        conn.execute(update(OutboxMessage).values(published_at=None))
        conn.execute(text("SELECT 1"))
    engine.dispose()
    assert wait_until(lambda: len(Listener.received) == 2)  # the relay sent it again
    assert Listener.received[0] == Listener.received[1]  # the same event, twice
    eventlet.sleep(0.3)  # give messaging time to (not) act
    assert count(messaging_db, Message) == 1
    assert count(messaging_db, ProcessedEvent) == 1


def test_a_broken_relay_connection_is_replaced_and_the_event_still_goes_out(
    config, container_factory, customer_id
):
    """The relay keeps one connection; when the broker drops it, the next publish fails,
    the row waits its backoff, and a new connection sends it."""
    Listener.received = []
    container_factory(Listener, config).start()
    service = container_factory(CaseService, config)
    service.start()
    with ClusterRpcProxy(config) as rpc:
        rpc.case.open_case({"customer_id": customer_id, "subject": "First"}, "ann")
        assert wait_until(lambda: len(Listener.received) == 1)
        relay = relay_of(service)
        broken = relay._connection
        broken.close()  # as if the broker had dropped it
        rpc.case.open_case({"customer_id": customer_id, "subject": "Second"}, "ann")
    assert wait_until(lambda: len(Listener.received) == 2, timeout=15)
    assert relay._connection is not None and relay._connection is not broken
    assert wait_until(lambda: pending(config["DATABASE_URLS"]["case"]) == 0)  # marked once published

"""Events that are never lost: written with the change, relayed after commit.

A service records an event with `record(session, ...)` inside the same transaction as the
change it describes. After the commit, the relay publishes the outbox rows to the
service's nameko event exchange with publisher confirms and marks them published. If the
process dies between publish and mark, the row is published again on restart: delivery is
at-least-once, and handlers make it exactly-once in effect (see idempotency.py).
Events go out in the order they were written while the broker is healthy; a row whose
publish failed waits its backoff while later rows go, so consumers must not rely on order
across events.

What an event's consumers need but the publishing service must not keep goes under
`data["until_published"]` (UNTIL_PUBLISHED): the relay drops it from the stored row in
the transaction that marks the row published (an erasure's e-mails and phones, which
the register has just blanked, reach the services that look for them and stay nowhere).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from nameko.extensions import DependencyProvider
from sqlalchemy import Index, Integer, String, Text, or_, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from crm_common.clock import utcnow
from crm_common.contracts.events import check as check_event
from crm_common.storage import ServiceStorage
from crm_common.types import JSONDocument, UTCDateTime

if TYPE_CHECKING:
    from kombu import Connection, Producer

log = logging.getLogger(__name__)

# How long an event nobody is subscribed to yet is retried before it is given up as
# unrouted: covers a (re)start, when consumers declare their queues a moment later. Once
# the relay has run this long, the subscribers there are have long declared their durable
# queues, and an event nobody listens to is published once and left.
UNROUTED_GRACE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(seconds=30)
UNTIL_PUBLISHED = "until_published"  # the part of an event's data not kept once it is out


class Envelope(TypedDict):
    """An event as handlers receive it; `data` is the event type's own fields."""

    event_id: str
    event_type: str
    occurred_at: str
    data: dict[str, Any]


class OutboxMixin:
    """Mix into a service's declarative Base as `class OutboxMessage(OutboxMixin, Base)`."""

    if TYPE_CHECKING:
        # the declarative Base it is mixed into takes the columns as keywords
        def __init__(self, **columns: Any) -> None: ...

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    event_type: Mapped[str] = mapped_column(String(80))
    payload: Mapped[Envelope] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index]:
        # A new Index per class: each service's table gets its own.
        return (Index("ix_outbox_pending", "published_at", "id"),)


def record(session: Session, model: type[OutboxMixin], event_type: str, data: dict[str, Any]) -> str:
    """Add an event to the outbox in the session's transaction; returns its event id.

    The envelope handlers receive: {"event_id", "event_type", "occurred_at", "data"}.
    Raises EventContractError (a TypeError) when `data` is not what the event type's
    schema in crm_common/contracts/events/ says, or the type has none.
    """
    check_event(event_type, data)
    event_id = str(uuid.uuid4())
    now = utcnow()
    payload: Envelope = {
        "event_id": event_id,
        "event_type": event_type,
        "occurred_at": now.isoformat(),
        "data": data,
    }
    session.add(model(event_id=event_id, event_type=event_type, created_at=now, attempts=0, payload=payload))
    session.info["outbox_written"] = True
    return event_id


class Unroutable(Exception):
    """The broker had no queue bound for the event (nobody subscribed yet)."""


def relay_pending(
    session: Session,
    model: type[OutboxMixin],
    publish: Callable[[str, Envelope], None],
    batch: int = 100,
    started_at: datetime | None = None,
) -> int:
    """Publish up to `batch` unpublished events in order and mark them; returns how many
    were published. The caller commits. When the broker fails the batch stops (the rest
    would fail too) and the rows are tried again next time. An event nobody subscribes to
    yet is retried for UNROUTED_GRACE without holding up the events behind it, while the
    relay (started at `started_at`; None: just now) is younger than that too."""
    now = utcnow()
    query = (
        select(model)
        .where(
            model.published_at.is_(None), or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now)
        )
        .order_by(model.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    published = 0
    for row in session.scalars(query):
        try:
            publish(row.event_type, row.payload)
        except Unroutable:
            starting = started_at is None or now - started_at < UNROUTED_GRACE
            if starting and now - row.created_at < UNROUTED_GRACE:
                _later(row, now, "unroutable: no subscriber bound yet")
                continue
            row.last_error = "unroutable: published to no subscriber"
        except Exception as exc:  # broker down, connection lost: keep it, try later
            _later(row, now, f"{type(exc).__name__}: {exc}"[:500])
            log.warning("outbox publish of %s failed: %s", row.event_id, exc)
            break
        row.published_at = now
        if UNTIL_PUBLISHED in row.payload["data"]:  # the consumers have it: not kept here
            kept = {k: v for k, v in row.payload["data"].items() if k != UNTIL_PUBLISHED}
            row.payload = {**row.payload, "data": kept}
        published += 1
    return published


def _later(row: OutboxMixin, now: datetime, error: str) -> None:
    """Try the row again after 1, 2, 4 … seconds, at most every MAX_BACKOFF."""
    row.attempts += 1
    row.last_error = error
    row.next_attempt_at = now + min(timedelta(seconds=2 ** (row.attempts - 1)), MAX_BACKOFF)


class OutboxRelay(DependencyProvider):  # type: ignore[misc]  # nameko is untyped
    """Runs the relay loop in the service's process: wakes on each commit that wrote
    events, and polls every `poll_seconds` for anything left (e.g. after a crash)."""

    storage = ServiceStorage()

    def __init__(self, model: type[OutboxMixin], poll_seconds: float = 1.0):
        self.model = model
        self.poll_seconds = poll_seconds

    def setup(self) -> None:
        from nameko.constants import AMQP_URI_CONFIG_KEY
        from nameko.standalone.events import get_event_exchange

        self.exchange = get_event_exchange(self.container.service_name, self.container.config)
        self.amqp_uri = self.container.config[AMQP_URI_CONFIG_KEY]
        self._connection: Connection | None = None
        self._producer: Producer | None = None
        self._running = False

    def start(self) -> None:
        self._running = True
        self._started_at = utcnow()
        self._thread = self.container.spawn_managed_thread(self._run)

    def stop(self) -> None:
        self._running = False
        self.storage.committed_events()
        self._disconnect()

    def kill(self) -> None:
        self._running = False
        self._disconnect()

    def _connect(self) -> Producer:
        """One connection and confirm-mode channel for the relay, kept open: an event
        nobody subscribes to comes back as NO_ROUTE on a channel that stays usable, where
        a pooled publisher would reconnect for each such event."""
        from kombu import Connection, Producer

        if self._producer is None:
            connection = Connection(self.amqp_uri, transport_options={"confirm_publish": True}, heartbeat=0)
            connection.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.5)
            channel = connection.channel()
            self.exchange(channel).declare()
            self._connection, self._producer = connection, Producer(channel, exchange=self.exchange)
        return self._producer

    def _disconnect(self) -> None:
        connection, self._connection, self._producer = self._connection, None, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # pragma: no cover - already broken
                log.debug("closing the relay connection failed", exc_info=True)

    def publish(self, event_type: str, payload: Envelope) -> None:
        producer = self._connect()
        try:
            producer.publish(
                payload, routing_key=event_type, mandatory=True, serializer="json", delivery_mode=2
            )
        except Exception as exc:
            if "NO_ROUTE" in str(exc) and producer.channel.is_open:
                raise Unroutable(event_type) from exc
            self._disconnect()  # connection or channel broken: a fresh one next time
            raise

    def relay_once(self) -> int:
        session = self.storage.make_session()
        try:
            count = relay_pending(session, self.model, self.publish, started_at=self._started_at)
            session.commit()
            return count
        except Exception:
            session.rollback()
            log.exception("outbox relay failed")
            return 0
        finally:
            session.close()

    def _run(self) -> None:
        while self._running:
            while self._running and self.relay_once() > 0:
                pass
            self.storage.wait_for_commit(self.poll_seconds)

    def get_dependency(self, worker_ctx: Any) -> OutboxRelay:
        return self

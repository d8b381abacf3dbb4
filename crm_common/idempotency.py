"""Handlers that act once per event, however often the event is delivered.

The handler's effects and the "seen it" mark commit in one transaction: a redelivered
event finds the mark and does nothing; a crash before commit leaves neither.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_common.clock import utcnow
from crm_common.outbox import Envelope
from crm_common.storage import UnitOfWork
from crm_common.types import UTCDateTime


class ProcessedEventMixin:
    """Mix into a service's Base as `class ProcessedEvent(ProcessedEventMixin, Base)`."""

    __tablename__ = "processed_events"

    if TYPE_CHECKING:
        # the declarative Base it is mixed into takes the columns as keywords
        def __init__(self, **columns: Any) -> None: ...

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    handler: Mapped[str] = mapped_column(String(120), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime)


def claim(session: Session, model: type[ProcessedEventMixin], event_id: str, handler: str) -> bool:
    """Mark the event as handled by `handler`; False when it already was."""
    seen = session.scalar(select(model.event_id).where(model.event_id == event_id, model.handler == handler))
    if seen:
        return False
    session.add(model(event_id=event_id, handler=handler, processed_at=utcnow()))
    session.flush()
    return True


def handler_name(service: type, method: str) -> str:
    """What the "seen it" mark calls a handler: its service class's full name and its own."""
    return f"{service.__module__}.{service.__qualname__}.{method}"


class _HasDatabase(Protocol):
    @property
    def db(self) -> UnitOfWork: ...


S = TypeVar("S", bound=_HasDatabase)
R = TypeVar("R")


def handles_once(
    model: type[ProcessedEventMixin],
) -> Callable[[Callable[[S, Session, Envelope], R]], Callable[[S, Envelope], R | None]]:
    """Decorate an event-handler method `(self, session, payload)`; the service must have
    a `db` Database dependency. The wrapper opens the transaction and skips duplicates.

    The mark names the handler by the service class that runs it and the method's name
    (`services.order.service.OrderService.on_customer_merged`), not by the class that
    declares it: moving a handler into an area's entrypoints must not make every event it
    has handled new to it again."""

    def decorate(method: Callable[[S, Session, Envelope], R]) -> Callable[[S, Envelope], R | None]:
        @functools.wraps(method)
        def wrapper(self: S, payload: Envelope) -> R | None:
            name = handler_name(type(self), method.__name__)
            with self.db.transaction() as session:
                if not claim(session, model, payload["event_id"], name):
                    return None
                return method(self, session, payload)

        # nameko checks an entrypoint's signature; it must see (self, payload).
        del wrapper.__wrapped__
        return wrapper

    return decorate

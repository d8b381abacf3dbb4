"""Events are contracts too: one schema per event type a service publishes.

Every event a service records (crm_common/outbox.py `record`) has its schema here, in
the module of the service that publishes it (`act_recorded`, which every service
publishes for the audit trail, in audit.py). `record` checks an event's data against
its schema before it enters the outbox, so a payload that breaks its contract fails in
the code that built it and never leaves the service. A consumer reads here what
`payload["data"]` holds.

An event's schema is a marshmallow Schema whose docstring's first line says what
happened; each field has a type, says whether it may be null (`allow_none`) or absent
(not `required`), and a one-line description. The README's list of events is printed
from these schemas: `python -m crm_common.contracts.events --markdown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from crm_common.contracts.events import audit, customer, messaging, telephony
from crm_common.contracts.events import case as case_events
from crm_common.contracts.events import order as order_events


class EventContractError(TypeError):
    """An event was recorded whose type has no schema, or whose data breaks its schema:
    a mistake in the code that recorded it."""


@dataclass(frozen=True)
class Event:
    """An event type, the service that publishes it and the schema of its data."""

    event_type: str
    publisher: str
    schema: Schema

    @property
    def description(self) -> str:
        return (type(self.schema).__doc__ or "").strip().splitlines()[0]


def _registry() -> dict[str, Event]:
    found: dict[str, Event] = {}
    for module in (customer, order_events, case_events, messaging, telephony, audit):
        for event_type, schema_class in module.EVENTS.items():
            if event_type in found:
                raise RuntimeError(f"{event_type} has two schemas")
            found[event_type] = Event(event_type, module.PUBLISHER, schema_class())
    return found


EVENTS: dict[str, Event] = _registry()


def check(event_type: str, data: dict[str, Any]) -> None:
    """Raise EventContractError unless `data` is what `event_type`'s schema says."""
    event = EVENTS.get(event_type)
    if event is None:
        raise EventContractError(f"no schema for the event {event_type!r} (crm_common/contracts/events/)")
    errors = event.schema.validate(data)
    if errors:
        raise EventContractError(f"{event_type} breaks its schema: {errors}")

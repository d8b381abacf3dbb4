"""Acts a service records for the audit trail, in its own transaction.

An act is an outbox event, `act_recorded`, written with the change it describes: the
gateway stores it in its append-only trail (gateway/audit.py) once, after the commit.
So an act is on record exactly when its change is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common import outbox
from crm_common.acting import Acting

EVENT = "act_recorded"


def record_act(
    session: Session,
    outbox_model: type,
    actor: Acting,
    action: str,
    *,
    customer_id: int | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> str:
    """Put the act in the outbox beside the change; returns the event id."""
    return outbox.record(
        session,
        outbox_model,
        EVENT,
        {
            **actor.as_event(),
            "action": action,
            "customer_id": customer_id,
            "target": target,
            "details": details or {},
        },
    )


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{field, old, new}] for each field whose value differs, in `after`'s order."""
    return [
        {"field": name, "old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    ]

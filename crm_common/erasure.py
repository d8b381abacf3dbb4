"""What a service's outbox still holds on an erased person (GDPR art. 17).

Every event a service published stays in its outbox table with its payload, and many
carry personal values: a `customer_created` its names and phones, a `call_ringing` the
number, an `act_recorded` the old and new values of a change. When a person is erased,
each service calls `forget_published_events` in the transaction of its erasure: the
published events about the person keep their envelope (id, type, time) and lose their
data. Events not yet published are left alone: their consumers still need them whole,
and each consumer erases what it keeps when `customer_erased` reaches it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.outbox import OutboxMixin

ERASED = {"erased": True}


def forget_published_events(session: Session, model: type[OutboxMixin], customer_ids: list[int]) -> int:
    """Blank the data of the published outbox events whose `data.customer_id` is one of
    `customer_ids`; how many were blanked."""
    about = model.payload[("data", "customer_id")].as_integer()
    rows = session.scalars(select(model).where(model.published_at.is_not(None), about.in_(customer_ids)))
    changed = 0
    for row in rows:
        customer_id = row.payload["data"].get("customer_id")
        if row.payload["data"] == {"customer_id": customer_id, **ERASED}:
            continue
        row.payload = {**row.payload, "data": {"customer_id": customer_id, **ERASED}}
        changed += 1
    session.flush()
    return changed

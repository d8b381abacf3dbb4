"""What telephony holds on a person: their calls, exported (GDPR art. 15) and erased
(art. 17). An erased call keeps when it rang, how long it lasted, its direction and who
took it; it loses the number and the caller's name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.telephony import CallOut
from crm_common.dml import rows_changed
from crm_common.erasure import forget_published_events
from services.telephony.models import Call, OutboxMessage

ERASED_NUMBER = ""


def export(session: Session, ids: list[int]) -> dict[str, Any]:
    """The calls kept under the customer's ids, oldest first."""
    calls = session.scalars(select(Call).where(Call.customer_id.in_(ids)).order_by(Call.started_at, Call.id))
    return {"calls": dump(CallOut, calls, many=True)}


def erase(session: Session, ids: list[int]) -> int:
    """Blank the number and the name on the customer's calls, and on the call events
    published about them; the calls changed."""
    changed = rows_changed(
        session,
        update(Call)
        .where(Call.customer_id.in_(ids))
        .values(remote_number=None, remote_raw=ERASED_NUMBER, customer_name=None),
    )
    forget_published_events(session, OutboxMessage, ids)
    return changed

"""What a member of staff took away from an answer, for the audit trail: a customer's
national id seen whole (`national_id_viewed`) and a file exported (`exported`).

Why from the answer: an id can show in many places (one customer, a search, the 360° view,
a merge's snapshot, a review item), and masking for roles that do not need it happens on
the way out (gateway/masking.py). Reading the answer as it leaves says exactly what was
seen, wherever it came from: an id counts when it left unmasked. `routing.route` calls
`note` for every answer to a logged-in member of staff; should the entry not be written,
the answer is an error instead (what is not on record is not shown).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from werkzeug.wrappers import Request, Response

from crm_common.storage import UnitOfWork
from gateway import audit
from gateway.auth import STAFF, Principal

KEY = "national_id"
MASK = "*"


def exported(response: Response, what: str, rows: int | None) -> Response:
    """Mark a file answer as an export of `rows` rows of `what` (tables.table does; None
    for a file streamed page by page, whose length is known only at its end)."""
    # the mark travels on the answer it describes, to `note` (werkzeug's Response takes it)
    setattr(response, "exported", {"what": what, "rows": rows, "format": response.mimetype})  # noqa: B010
    return response


def note(db: UnitOfWork, principal: Principal | None, request: Request, response: Any) -> None:
    """Record what `response` discloses to `principal`, in one transaction: one
    `national_id_viewed` per customer whose id it carries whole, an `exported` for a
    file marked by `exported`. Nothing for answers to customers and machines."""
    if principal is None or principal.role not in STAFF or not isinstance(response, Response):
        return
    export = getattr(response, "exported", None)
    viewed = [] if export else seen_ids(response)
    if not (export or viewed):
        return
    target = f"{request.method} {request.path}"
    with db.transaction() as session:
        if export:
            audit.record(
                session, principal, "exported", target=target, details=export, address=request.remote_addr
            )
        for customer_id in viewed:
            audit.record(
                session,
                principal,
                "national_id_viewed",
                customer_id=customer_id,
                target=target,
                address=request.remote_addr,
            )


def seen_ids(response: Response) -> list[int | None]:
    """The customers whose national id a JSON answer carries unmasked, each once, in the
    order met (None for one not yet registered, such as a review item's data)."""
    if response.mimetype != "application/json" or response.direct_passthrough:
        return []
    body = response.get_data()
    if f'"{KEY}": "'.encode() not in body:
        return []
    found: list[int | None] = []
    for customer_id in _walk(json.loads(body)):
        if customer_id not in found:
            found.append(customer_id)
    return found


def _walk(data: Any) -> Iterator[int | None]:
    todo = [data]
    while todo:
        item = todo.pop(0)
        if isinstance(item, dict):
            value = item.get(KEY)
            if isinstance(value, str) and value and MASK not in value:
                yield item.get("id") if isinstance(item.get("id"), int) else None
            todo.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            todo.extend(v for v in item if isinstance(v, dict | list))

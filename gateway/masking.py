"""National ids shown to those who need them (issue "Trust"): an agent sees the birth-date
part and stars ("19811218-****"), a supervisor, an admin and the customer themselves the
whole.

Why in the gateway: it is where the asker's role is known, and every answer passes
through it. `routing.route` applies `for_role` to every JSON answer, so any answer that
carries a customer's `national_id` (CustomerOut in get, search, update and the 360° view;
a merge's snapshot; a review item's data) is masked wherever it sits in the answer.
Answers a handler writes itself (the export file, the desk's screen pops) call it too.
"""

from __future__ import annotations

from typing import Any

# Roles that see a national id whole; every other role (agents, machines, no login) masked.
FULL_VIEW_ROLES = frozenset({"supervisor", "admin", "customer"})
KEY = "national_id"
SEPARATORS = "-+"


def mask_national_id(value: str | None) -> str | None:
    """The id with everything after its birth-date part starred: "19811218-1234" →
    "19811218-****", "811228-9874" → "811228-****", "198112181234" → "19811218****".
    Without a separator the date is the first 8 characters of a 12-character id and the
    first 6 of a shorter one; what is too short to hold a date is starred whole."""
    if value is None or value == "":
        return value
    text = str(value)
    cut = max(text.rfind(sep) for sep in SEPARATORS)
    if cut > 0:
        keep = cut + 1
    elif len(text) >= 12:
        keep = 8
    elif len(text) >= 10:
        keep = 6
    else:
        keep = 0
    return text[:keep] + "*" * (len(text) - keep)


def sees_national_ids(role: str | None) -> bool:
    return role in FULL_VIEW_ROLES


def for_role(role: str | None, data: Any) -> Any:
    """`data` with every string under a `national_id` key masked unless `role` sees them
    whole; the same object when nothing needs masking (nothing is copied for those who
    see everything)."""
    if sees_national_ids(role):
        return data
    return _masked(data)


def _masked(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: (mask_national_id(v) if k == KEY and isinstance(v, str) else _masked(v))
            for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [_masked(v) for v in data]
    return data

"""Searches by national id, on the record and limited (issue "Trust").

Why: an agent sees a national id masked ("19811218-****"), but a search that finds a
customer by their exact id says the id is right, so the birth date on screen and at most
a thousand searches would reveal the rest. So every customer search (the list's `q`, the
look-alike check's `national_id`) that is or contains a national id — 10 to 12 digits
once "-", "+" and spaces are gone, that a country's rule accepts — is recorded as `national_id_searched`,
the value masked as answers mask it and with the number of hits; and a user whose role
sees ids masked (masking.sees_national_ids) may make at most
CRM_NATIONAL_ID_SEARCHES_PER_HOUR of them in any hour: over it, 429 with Retry-After.
The entries are the count (an index on actor, action and at keeps it cheap).

Registering a customer (directly or as a registration) with a national id is such a
search too: the refusal of a probable duplicate, or a registration held for review,
answers the same question.

Only a value that passes a country's rule for national ids counts (see `_is_id`): a
search by phone number is an agent's everyday work and is not limited.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sized
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.dk import cpr
from stdnum.is_ import kennitala
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.se import personnummer

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.errors import CrmError, DuplicateSuspected
from gateway import audit
from gateway.auth import Principal
from gateway.masking import mask_national_id, sees_national_ids
from gateway.models import AuditEntry

ACTION = "national_id_searched"
WINDOW = timedelta(hours=1)
_RUN = re.compile(r"[\d+\-]+(?:\s+[\d+\-]+)*")  # digits and separators, spaces between
_SEPARATORS = re.compile(r"[\s+\-]")
_CHECKED = (personnummer, fodselsnummer, pesel, kennitala)  # ids with a check digit

Found = TypeVar("Found", bound=Sized)


class TooManySearches(CrmError):
    """Too many searches by national id in the last hour: try again after `retry_after`
    seconds (HTTP 429, with a Retry-After header)."""

    code = "too_many_searches"

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"too many searches by national id; try again in {minutes} minute{'s' if minutes > 1 else ''}",
            {"q": "too many searches by national id this hour"},
        )
        self.retry_after = retry_after


def id_shaped(text: str | None) -> list[str]:
    """The runs of digits and separators in `text` that hold a national-id-shaped value
    (some whitespace-separated stretch of them is 10 to 12 digits after removing -, + and
    spaces), as written."""
    found = []
    for run in _RUN.finditer(text or ""):
        tokens = run.group().split()
        if any(
            _is_id(" ".join(tokens[i:j])) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)
        ):
            found.append(run.group().strip())
    return found


def national_id_in(customer: Any) -> str | None:
    """The `national_id` of a customer's fields (CustomerCreate) as sent, when a text."""
    value = customer.get("national_id") if isinstance(customer, dict) else None
    return value if isinstance(value, str) else None


def masked(text: str, values: list[str]) -> str:
    """`text` with each of `values` (id_shaped's) masked as answers mask an id."""
    for value in values:
        text = text.replace(value, mask_national_id(value) or "")
    return text


def searched(
    db: Any,
    principal: Principal,
    address: str | None,
    query: str | None,
    search: Callable[[], Found],
    *,
    where: str,
    hits: Callable[[Found], int] = len,
    now: datetime | None = None,
) -> Found:
    """`search()`'s result; when `query` holds a national-id-shaped value, the search is
    first checked against the asker's hourly limit (TooManySearches, nothing searched,
    when over it and their role sees ids masked) and then recorded with its number of
    hits (`hits` of the result; a DuplicateSuspected that `search` raises is recorded
    with its look-alikes, then raised). `where` names the search on the record
    ("customer search", "look-alike check", "registration")."""
    values = id_shaped(query)
    if not values:
        return search()
    now = now or utcnow()
    if not sees_national_ids(principal.role):
        with db.read() as session:
            check(session, principal, now, load_settings().national_id_searches_per_hour)
    try:
        found = search()
    except DuplicateSuspected as refused:
        _record(db, principal, address, where, masked(str(query), values), len(refused.matches), now)
        raise
    _record(db, principal, address, where, masked(str(query), values), hits(found), now)
    return found


def _record(
    db: Any, principal: Principal, address: str | None, where: str, query: str, hits: int, now: datetime
) -> None:
    with db.transaction() as session:
        audit.record(
            session,
            principal,
            ACTION,
            target=where,
            details={"query": query, "hits": hits},
            address=address,
            at=now,
        )


def check(session: Session, principal: Principal, now: datetime, limit: int) -> None:
    """Raise TooManySearches when the principal made `limit` searches by national id in
    the hour before `now`; retry_after is when the oldest of them leaves the hour."""
    actor = audit.actor_name(principal.username, principal.role, principal.customer_id)
    count, oldest = session.execute(
        select(func.count(AuditEntry.id), func.min(AuditEntry.at)).where(
            AuditEntry.actor == actor, AuditEntry.action == ACTION, AuditEntry.at > now - WINDOW
        )
    ).one()
    if count >= limit:
        wait = (oldest + WINDOW - now).total_seconds() if oldest is not None else WINDOW.total_seconds()
        raise TooManySearches(max(1, math.ceil(wait)))


def _is_id(text: str) -> bool:
    """A national id some country's own rule accepts. The register stores only ids that
    pass their rule, so nothing else can confirm one; and a phone number seldom passes
    (0.7 % of Swedish mobile numbers do), so searching by phone is not limited. Denmark's
    CPR has no check digit since 2007 (any date passes, as most phone numbers would): it
    counts only where the register's default country is Denmark."""
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 12):
        return False
    rules = _CHECKED + ((cpr,) if load_settings().default_region == "DK" else ())
    return any(rule.is_valid(digits) for rule in rules)

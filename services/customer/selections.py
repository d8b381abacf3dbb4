"""Smart selections (C10): criteria in any combination, validated, compiled to one SQL
query over the register and its read model — never a loop over customers in Python.

Criteria are JSON: a leaf, or {"all": [...]}, {"any": [...]}, {"not": {...}}. Leaves:

  {"bought": {"sku": "SPADE-01" | "product_group": "tools", "from": "2026-01-01", "to": …}}
  {"received_mailing": {"template": "spring_news", "from": …, "to": …}}
  {"not_contacted_days": 90}                 no call, message or case in 90 days
  {"phone_area_code": "08"}                  a number in that area (the default country)
  {"postcode_range": {"from": "100 00", "to": "199 99"}}   the current address
  {"industry": ["Retail", …]}  {"tier": ["key", …]}  {"country": ["SE", …]}
  {"job_title": "inköp"}                     part of the job title, any case
  {"note_contains": {"word": "konkurs", "months": 6}}
  {"churn_risk": {"at_least": 0.6}}          the latest model's risk of not buying again
  {"likely_next": {"product_group": "tools"}}  the group the model expects next

User text is only ever a bound parameter; LIKE wildcards in it are escaped. A query
built this way can still be slow (many words in many notes over a large register), so
each count and page runs under a time limit (CRM_SELECTION_TIMEOUT_SECONDS): past it the
database stops it and the caller gets ServiceUnavailable saying so, not a worker held
for minutes.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, NoReturn

import phonenumbers
from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from crm_common.config import load_settings
from crm_common.contracts.tiers import TIERS
from crm_common.errors import InvalidInput, ServiceUnavailable
from services.customer.models import Address, Customer, Mailing, Note, Phone, Prediction, Purchase

# a criterion as JSON: {leaf: value}, or {"all" | "any": [criteria]}, or {"not": criterion}
Criteria = dict[str, Any]

MAX_DEPTH = 6
MAX_LEAVES = 50
LEAVES = (
    "bought",
    "received_mailing",
    "not_contacted_days",
    "phone_area_code",
    "postcode_range",
    "industry",
    "tier",
    "country",
    "job_title",
    "note_contains",
    "churn_risk",
    "likely_next",
)


def validate(
    criteria: object, path: str = "criteria", depth: int = 0, counter: list[int] | None = None
) -> Criteria:
    """The criteria, checked; raises InvalidInput naming the path of what is wrong."""
    counter = counter if counter is not None else [0]
    if depth > MAX_DEPTH:
        _bad(path, f"nested deeper than {MAX_DEPTH}")
    if not isinstance(criteria, dict) or len(criteria) != 1:
        _bad(path, "one criterion: a leaf, or all / any / not")
    ((kind, value),) = criteria.items()
    if kind in ("all", "any"):
        if not isinstance(value, list) or not value:
            _bad(f"{path}.{kind}", "a non-empty list of criteria")
        return {kind: [validate(v, f"{path}.{kind}.{i}", depth + 1, counter) for i, v in enumerate(value)]}
    if kind == "not":
        return {"not": validate(value, f"{path}.not", depth + 1, counter)}
    counter[0] += 1
    if counter[0] > MAX_LEAVES:
        _bad(path, f"more than {MAX_LEAVES} criteria")
    checker = _LEAF_CHECKS.get(kind)
    if checker is None:
        _bad(path, f"unknown criterion {kind!r}; one of {', '.join(LEAVES)}, all, any, not")
    return {kind: checker(value, f"{path}.{kind}")}


def compile_criteria(criteria: Criteria, region: str, now: datetime) -> ColumnElement[bool]:
    """The SQL condition on Customer for validated criteria."""
    ((kind, value),) = criteria.items()
    if kind == "all":
        return and_(true(), *(compile_criteria(v, region, now) for v in value))
    if kind == "any":
        return or_(false(), *(compile_criteria(v, region, now) for v in value))
    if kind == "not":
        return not_(compile_criteria(value, region, now))
    return _LEAF_SQL[kind](value, region, now)


def matching(criteria: Criteria, region: str, now: datetime) -> Select[int]:
    return select(Customer.id).where(
        Customer.merged_into_id.is_(None), compile_criteria(criteria, region, now)
    )


def size(session: Session, criteria: Criteria, region: str, now: datetime) -> int:
    """How many customers the criteria find. Raises ServiceUnavailable past the time limit."""
    query = select(func.count()).select_from(matching(criteria, region, now).subquery())
    with time_limit(session):
        return session.scalar(query) or 0  # a count is never None; its type does not say so


def members(
    session: Session, criteria: Criteria, region: str, now: datetime, limit: int, after_id: int = 0
) -> list[Customer]:
    query = (
        select(Customer)
        .where(Customer.id.in_(matching(criteria, region, now)), Customer.id > after_id)
        .order_by(Customer.id)
        .limit(limit)
        .options(
            selectinload(Customer.emails), selectinload(Customer.phones), selectinload(Customer.addresses)
        )
    )
    with time_limit(session):
        return list(session.scalars(query))


# Instructions SQLite runs between two looks at the clock (a few milliseconds' worth).
_SQLITE_STEPS = 10_000


@contextmanager
def time_limit(session: Session, seconds: float | None = None) -> Iterator[None]:
    """Run the block's queries for at most `seconds` (CRM_SELECTION_TIMEOUT_SECONDS when
    None): PostgreSQL's statement_timeout for the rest of the transaction, on SQLite a
    progress handler that interrupts the query once the time is up. Raises
    ServiceUnavailable (criteria) when it stopped one; the transaction is then done for."""
    seconds = load_settings().selection_timeout_seconds if seconds is None else seconds
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
    try:
        with nullcontext() if postgres else _interrupted_after(connection, seconds):
            yield
    except OperationalError as err:
        text = str(err.orig)
        if "statement timeout" in text or "canceling statement" in text or "interrupted" in text:
            limit = f"{seconds:g} s"
            raise ServiceUnavailable(
                f"the selection took longer than {limit} and was stopped; narrow the criteria",
                {"criteria": f"took longer than {limit}"},
            ) from None
        raise


@contextmanager
def _interrupted_after(connection: Connection, seconds: float) -> Iterator[None]:
    """SQLite: a progress handler interrupts the running query once `seconds` are up."""
    raw = connection.connection.driver_connection
    if raw is None:  # a connection the session holds always has its driver's
        raise RuntimeError("the database connection is closed")
    deadline = clock.monotonic() + seconds
    raw.set_progress_handler(lambda: int(clock.monotonic() > deadline), _SQLITE_STEPS)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


# -- the leaves ------------------------------------------------------------------------


def _period(value: dict[str, Any], path: str) -> dict[str, date]:
    out: dict[str, date] = {}
    for key in ("from", "to"):
        if value.get(key) is not None:
            try:
                out[key] = date.fromisoformat(str(value[key]))
            except ValueError:
                _bad(f"{path}.{key}", "a date, YYYY-MM-DD")
    if "from" in out and "to" in out and out["to"] < out["from"]:
        _bad(f"{path}.to", "before from")
    return out


def _check_bought(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        _bad(path, "an object with sku or product_group")
    targets = [k for k in ("sku", "product_group") if value.get(k)]
    if len(targets) != 1 or not isinstance(value[targets[0]], str) or len(value[targets[0]]) > 60:
        _bad(path, "exactly one of sku or product_group")
    return {targets[0]: value[targets[0]], **_period(value, path)}


def _check_mailing(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict) or not isinstance(value.get("template"), str) or not value["template"]:
        _bad(f"{path}.template", "the template's name")
    return {"template": value["template"][:60], **_period(value, path)}


def _check_days(value: object, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 36500:
        _bad(path, "a whole number of days, 1 or more")
    return value


def _check_area(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.isdigit() or not 1 <= len(value) <= 6:
        _bad(path, "an area code of digits, e.g. 08")
    return value


def _check_range(value: object, path: str) -> dict[str, str]:
    if not isinstance(value, dict):
        _bad(path, "an object with from and to")
    out: dict[str, str] = {}
    for key in ("from", "to"):
        code = str(value.get(key, "")).replace(" ", "")
        if not code.isalnum() or len(code) > 10:
            _bad(f"{path}.{key}", "a postal code")
        out[key] = code
    if out["to"] < out["from"]:
        _bad(f"{path}.to", "before from")
    return out


def _check_names(value: object, path: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and 0 < len(v) <= 120 for v in value)
    ):
        _bad(path, "a non-empty list of names")
    if allowed and any(v not in allowed for v in value):
        _bad(path, f"each one of {', '.join(allowed)}")
    return value


def _check_text(value: object, path: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 120:
        _bad(path, "some text")
    return value


def _check_note(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        _bad(path, "an object with word and months")
    word = _check_text(value.get("word"), f"{path}.word")
    months = value.get("months", 12)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 1200:
        _bad(f"{path}.months", "a whole number of months")
    return {"word": word, "months": months}


def _check_risk(value: object, path: str) -> dict[str, float]:
    level = value.get("at_least") if isinstance(value, dict) else None
    if not isinstance(level, (int, float)) or isinstance(level, bool) or not 0 <= level <= 1:
        _bad(f"{path}.at_least", "a number from 0 to 1")
    return {"at_least": float(level)}


def _check_likely(value: object, path: str) -> dict[str, str]:
    group = value.get("product_group") if isinstance(value, dict) else None
    return {"product_group": _check_text(group, f"{path}.product_group")}


_LEAF_CHECKS: dict[str, Callable[[object, str], object]] = {
    "bought": _check_bought,
    "received_mailing": _check_mailing,
    "not_contacted_days": _check_days,
    "phone_area_code": _check_area,
    "postcode_range": _check_range,
    "industry": _check_names,
    "tier": lambda v, p: _check_names(v, p, TIERS),
    "country": lambda v, p: [c.upper() for c in _check_names(v, p)],
    "job_title": _check_text,
    "note_contains": _check_note,
    "churn_risk": _check_risk,
    "likely_next": _check_likely,
}


def _between(
    column: SQLColumnExpression[datetime | None], value: dict[str, date]
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if "from" in value:
        conditions.append(column >= datetime.combine(value["from"], time.min, timezone.utc))
    if "to" in value:
        conditions.append(column < datetime.combine(value["to"] + timedelta(days=1), time.min, timezone.utc))
    return conditions


def _bought(value: dict[str, Any], region: str, now: datetime) -> Exists:
    target = (
        Purchase.sku == value["sku"] if "sku" in value else Purchase.product_group == value["product_group"]
    )
    return exists().where(Purchase.customer_id == Customer.id, target, *_between(Purchase.ordered_at, value))


def _mailing(value: dict[str, Any], region: str, now: datetime) -> Exists:
    return exists().where(
        Mailing.customer_id == Customer.id,
        Mailing.template == value["template"],
        *_between(Mailing.sent_at, value),
    )


def _not_contacted(days: int, region: str, now: datetime) -> ColumnElement[bool]:
    return or_(Customer.last_contact_at.is_(None), Customer.last_contact_at < now - timedelta(days=days))


def _area(code: str, region: str, now: datetime) -> Exists:
    prefix = f"+{phonenumbers.country_code_for_region(region)}{code.lstrip('0')}"
    return exists().where(
        Phone.customer_id == Customer.id, Phone.e164.like(f"{_escaped(prefix)}%", escape="\\")
    )


def _postcodes(value: dict[str, str], region: str, now: datetime) -> Exists:
    """Compared as text without spaces (codes of one country have one length); the
    expression is indexed (ix_addresses_postcode_compact_expr), so keep it as it is."""
    compact = func.replace(Address.postal_code, " ", "")
    return exists().where(
        Address.customer_id == Customer.id,
        Address.valid_to.is_(None),
        compact >= value["from"],
        compact <= value["to"],
    )


def _contains(column: SQLColumnExpression[str | None], text: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escaped(text.lower())}%", escape="\\")


def _note(value: dict[str, Any], region: str, now: datetime) -> Exists:
    since = now - timedelta(days=31 * value["months"])
    return exists().where(
        Note.customer_id == Customer.id, Note.created_at >= since, _contains(Note.text, value["word"])
    )


_LEAF_SQL: dict[str, Callable[[Any, str, datetime], ColumnElement[bool]]] = {
    "bought": _bought,
    "received_mailing": _mailing,
    "not_contacted_days": _not_contacted,
    "phone_area_code": _area,
    "postcode_range": _postcodes,
    "industry": lambda v, r, n: Customer.industry.in_(v),
    "tier": lambda v, r, n: Customer.tier.in_(v),
    "country": lambda v, r, n: Customer.country.in_(v),
    "job_title": lambda v, r, n: _contains(Customer.job_title, v),
    "note_contains": _note,
    "churn_risk": lambda v, r, n: exists().where(
        Prediction.customer_id == Customer.id, Prediction.churn_risk >= v["at_least"]
    ),
    "likely_next": lambda v, r, n: exists().where(
        Prediction.customer_id == Customer.id, Prediction.next_group == v["product_group"]
    ),
}


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _bad(path: str, reason: str) -> NoReturn:
    raise InvalidInput(f"the selection's criteria are not valid: {path}", {path: reason})

"""The register of persons and organisations (C1) with address history (C6).

Plain functions over a SQLAlchemy session; the caller owns the transaction. Input is
already shaped by the contract schemas; the rules that need the data (ids per country,
phone numbers in the owner's country, parent exists) are checked here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from crm_common.clock import utcnow
from crm_common.contracts import LARGEST
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.phones import NotAPhoneNumber, caller_e164, to_e164
from services.customer import identifiers
from services.customer.models import Address, Customer, Email, Phone

SCALARS = (
    "given_name",
    "family_name",
    "language",
    "birthday",
    "name_day",
    "job_title",
    "industry",
    "satisfaction",
    "payment_terms_days",
    "discount_percent",
    "credit_limit",
    "currency",
    "parent_id",
    "tier",
    "newsletter",
)


def create_customer(session: Session, data: dict[str, Any], default_region: str) -> Customer:
    now = utcnow()
    country = (data.get("country") or default_region).upper()
    customer = Customer(
        kind=data["kind"],
        country=country,
        categories=[],
        tier="standard",
        newsletter=False,
        created_at=now,
        updated_at=now,
    )
    _apply(session, customer, data, now)
    session.add(customer)
    session.flush()
    return customer


def validate(session: Session, data: dict[str, Any], default_region: str) -> None:
    """Raise InvalidInput if `data` could not be created (ids, phones, parent), writing
    nothing: the checks run on a customer that never joins the session."""
    now = utcnow()
    probe = Customer(
        kind=data["kind"],
        country=(data.get("country") or default_region).upper(),
        categories=[],
        tier="standard",
        newsletter=False,
        created_at=now,
        updated_at=now,
    )
    with session.no_autoflush:
        _apply(session, probe, data, now)


def update_customer(session: Session, customer_id: int, changes: dict[str, Any]) -> Customer:
    customer = ensure_not_erased(get_customer(session, customer_id))
    if "kind" in changes:
        raise InvalidInput("a customer's kind cannot change", {"kind": "cannot change"})
    wrong = {
        f: f"only {'an organisation' if customer.kind == 'person' else 'a person'} has this"
        for f in (
            ("org_number", "industry", "parent_id")
            if customer.kind == "person"
            else ("national_id", "given_name", "family_name", "birthday", "name_day")
        )
        if changes.get(f) is not None
    }
    if wrong:
        raise InvalidInput("the request has invalid fields", wrong)
    now = utcnow()
    if "country" in changes:
        customer.country = changes["country"].upper()
    _apply(session, customer, changes, now)
    customer.updated_at = now
    session.flush()
    return customer


def _apply(session: Session, customer: Customer, data: dict[str, Any], now: datetime) -> None:
    """Write `data` onto the customer step by step. Every field that cannot be written is
    named in one InvalidInput at the end; the caller's transaction then rolls back what
    the other steps wrote."""
    _set_plain_fields(customer, data)
    _set_name(customer, data)
    errors = _set_identifiers(customer, data)
    errors.update(_check_parent(session, customer, data))
    if "phones" in data:
        customer.phones, wrong = _phones(data["phones"], customer.country)
        errors.update(wrong)
    if "emails" in data:
        customer.emails = _emails(data["emails"])
    for a in data.get("addresses") or []:
        _move(customer, a, now)
    if errors:
        raise InvalidInput("the request has invalid fields", errors)


def _set_plain_fields(customer: Customer, data: dict[str, Any]) -> None:
    for field in SCALARS:
        if field in data:
            setattr(customer, field, data[field])
    if "categories" in data:
        customer.categories = sorted(set(data["categories"]))


def _set_name(customer: Customer, data: dict[str, Any]) -> None:
    """A person's name is their given and family names unless one is sent whole; a whole
    name without given names is split as matching reads it (the last word is the
    family's)."""
    if customer.kind != "person":
        if data.get("name"):
            customer.name = data["name"]
        return
    if data.get("name") and not (data.get("given_name") or customer.given_name):
        *given, family = data["name"].split()
        customer.given_name, customer.family_name = " ".join(given) or None, family
    customer.name = (
        data.get("name")
        or " ".join(p for p in (customer.given_name, customer.family_name) if p)
        or customer.name
    )


def _set_identifiers(customer: Customer, data: dict[str, Any]) -> dict[str, str]:
    """The national id (and the birthday it gives) and the organisation number, valid for
    the customer's country; the errors of those that are not."""
    errors: dict[str, str] = {}
    if data.get("national_id"):
        try:
            customer.national_id = identifiers.national_id(data["national_id"], customer.country)
            customer.birthday = customer.birthday or identifiers.birth_date(
                customer.national_id, customer.country
            )
        except identifiers.InvalidIdentifier as exc:
            errors["national_id"] = str(exc)
    if data.get("org_number"):
        try:
            customer.org_number = identifiers.org_number(data["org_number"], customer.country)
        except identifiers.InvalidIdentifier as exc:
            errors["org_number"] = str(exc)
    return errors


def _check_parent(session: Session, customer: Customer, data: dict[str, Any]) -> dict[str, str]:
    if data.get("parent_id") is None:
        return {}
    with session.no_autoflush:  # the new parent_id is set already: no flush before it is checked
        parent = session.get(Customer, data["parent_id"])
    if parent is None or parent.kind != "organisation" or parent.id == customer.id:
        return {"parent_id": "no such (other) organisation"}
    return {}


def _phones(sent: list[dict[str, Any]], country: str) -> tuple[list[Phone], dict[str, str]]:
    """The phones read in the customer's country, and the errors of those that are none."""
    phones, errors = [], {}
    for i, p in enumerate(sent):
        try:
            phones.append(
                Phone(e164=to_e164(p["number"], country), raw=p["number"], label=p.get("label", "work"))
            )
        except NotAPhoneNumber:
            errors[f"phones.{i}.number"] = f"not a phone number in {country}"
    return phones, errors


def _emails(sent: list[dict[str, Any]]) -> list[Email]:
    return [
        Email(address=e["address"], normalised=normalise_email(e["address"]), label=e.get("label", "work"))
        for e in sent
    ]


def _move(customer: Customer, address: dict[str, Any], now: datetime) -> None:
    """Make `address` the current one of its kind; the old one keeps its dates (C6)."""
    kind = address.get("kind", "postal")
    country = (address.get("country") or customer.country).upper()
    for old in customer.addresses:
        if old.kind == kind and old.valid_to is None:
            if (old.street, old.postal_code, old.city, old.country) == (
                address["street"],
                address["postal_code"],
                address["city"],
                country,
            ):
                return
            old.valid_to = now
    customer.addresses.append(
        Address(
            kind=kind,
            street=address["street"],
            postal_code=address["postal_code"],
            city=address["city"],
            country=country,
            valid_from=now,
        )
    )


def ensure_not_erased(customer: Customer) -> Customer:
    """The customer, unless their data was erased (GDPR art. 17): then Conflict, since
    nothing may be written on an erased person again."""
    if customer.erased_at is not None:
        raise Conflict(f"customer {customer.id} was erased", {"customer_id": "erased"})
    return customer


def normalise_email(address: str) -> str:
    return address.strip().lower()


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .options(
            selectinload(Customer.phones), selectinload(Customer.emails), selectinload(Customer.addresses)
        )
    )
    if customer is None:
        raise NotFound(f"customer {customer_id} does not exist", {"customer_id": "not found"})
    return customer


def search_customers(session: Session, text: str, region: str, limit: int = 50) -> list[Customer]:
    """Find by name (part, any case), phone (any format), e-mail, national or org id, or
    customer number."""
    text = (text or "").strip()
    if not text:
        return []
    clauses: list[ColumnElement[bool]] = [Customer.name.ilike(f"%{text}%")]
    active = Customer.merged_into_id.is_(None)
    if text.isascii() and text.isdigit() and int(text) <= LARGEST:  # a customer number
        clauses.append(Customer.id == int(text))
    compact = text.replace("-", "").replace(" ", "")
    clauses += [Customer.national_id == text, Customer.org_number == compact, Customer.national_id == compact]
    if "@" in text:
        clauses.append(
            Customer.id.in_(select(Email.customer_id).where(Email.normalised == normalise_email(text)))
        )
    e164 = caller_e164(text, region) if sum(c.isdigit() for c in text) >= 5 else None
    if e164:
        clauses.append(Customer.id.in_(select(Phone.customer_id).where(Phone.e164 == e164)))
    return list(
        session.scalars(
            select(Customer)
            .where(or_(*clauses), active)
            .order_by(Customer.name, Customer.id)
            .limit(limit)
            .options(
                selectinload(Customer.phones), selectinload(Customer.emails), selectinload(Customer.addresses)
            )
        )
    )


def find_by_email(session: Session, address: str) -> list[Customer]:
    """Customers holding this address (case and Gmail dots aside), from the e-mail index."""
    return list(
        session.scalars(
            select(Customer)
            .where(
                Customer.id.in_(
                    select(Email.customer_id).where(Email.normalised == normalise_email(address))
                ),
                Customer.merged_into_id.is_(None),
            )
            .order_by(Customer.kind, Customer.id)
        )
    )


def find_by_phone(session: Session, e164: str) -> list[Customer]:
    """Customers holding this number, from the phone index (no scan)."""
    return list(
        session.scalars(
            select(Customer)
            .where(Customer.id.in_(select(Phone.customer_id).where(Phone.e164 == e164)))
            .order_by(Customer.kind, Customer.id)
        )
    )


def size(session: Session) -> int:
    """About how many customers there are (the highest id: one index look-up, where a
    count would read the whole table); enough for frequency weights."""
    return session.scalar(select(func.max(Customer.id))) or 0

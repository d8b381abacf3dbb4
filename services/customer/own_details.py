"""A customer changing their mobile number or postal address in the portal (C12).

The rules an agent's entry obeys hold here too, and they are checked where they are
written, in one transaction: an address is refused with the reason (blocked, an unknown
postal code, a town the postal register places elsewhere); a number that belongs to
another person is refused, since our phones would show the wrong customer when it rings.
Two customers claiming the same number at once are taken one after the other
(hold_number), so only the first gets it. What the change makes the customer look like
is then looked at again (self_service.py).

The answers speak the portal's language: a bad field is `phone` or `address`, never the
register's `phones.0.number`.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_common.contracts import load
from crm_common.contracts.customer.addresses import AddressCheckIn
from crm_common.contracts.customer.customers import CustomerUpdate
from crm_common.errors import Conflict, InvalidInput
from crm_common.phones import NotAPhoneNumber, to_e164
from services.customer import address_warnings, register, self_service
from services.customer.matching import Match
from services.customer.models import Customer

BELONGS_TO_ANOTHER = "this number belongs to another customer; call us and we will sort it out"


def change(
    session: Session, customer: Customer, data: dict[str, Any], today: date
) -> tuple[Customer, list[Match], dict[str, Any]]:
    """Apply the portal's OwnDetailsIn (`phone`, `address`) to `customer`. Returns the
    customer, the look-alikes the new details made and the change as the register took it
    (CustomerUpdate). Raises InvalidInput (`address`:
    the reason; `phone`: not a phone number), Conflict (`phone`: another customer's)."""
    changes: dict[str, Any] = {}
    if "address" in data:
        changes["addresses"] = [checked_address(session, customer, data["address"])]
    if "phone" in data:
        changes["phones"] = claimed_phones(session, customer, data["phone"])
    try:
        valid = load(CustomerUpdate, changes)
        changed, found = self_service.update_own_details(session, customer.id, valid, today)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, portal_fields(exc.fields)) from None
    return changed, found, valid


def checked_address(session: Session, customer: Customer, address: dict[str, Any]) -> dict[str, Any]:
    """The postal address to store, or InvalidInput naming the first warning."""
    full = {"kind": "postal", "country": customer.country, **address}
    valid = load(AddressCheckIn, {"addresses": [full], "country": full["country"]})
    found = address_warnings.warnings(session, valid["addresses"], full["country"])
    if found:
        problem = found[0]
        expected = problem.get("expected")
        reason = problem["message"] + (f" (the register says {expected})" if expected else "")
        raise InvalidInput("please check the address", {"address": reason})
    return full


def claimed_phones(session: Session, customer: Customer, number: str) -> list[dict[str, Any]]:
    """The customer's phones with `number` in place of the mobile the portal shows (their
    first), once no other person holds it; every other number stays, or the callers who
    use it would ring as strangers. The number is held until the transaction ends, so
    the check stays true until the write commits."""
    try:
        e164 = to_e164(number, customer.country)
    except NotAPhoneNumber:
        raise InvalidInput("please check the number", {"phone": "not a phone number"}) from None
    hold_number(session, e164)
    if any(o.id != customer.id and o.kind == "person" for o in register.find_by_phone(session, e164)):
        raise Conflict(BELONGS_TO_ANOTHER, {"phone": "belongs to another customer"})
    shown = next((p for p in customer.phones if p.label == "mobile"), None)
    kept = [{"number": p.raw, "label": p.label} for p in customer.phones if p is not shown and p.e164 != e164]
    return [{"number": number, "label": "mobile"}, *kept]


def hold_number(session: Session, e164: str) -> None:
    """Make every other transaction that holds `e164` wait until this one ends.

    PostgreSQL: a transaction-scoped advisory lock on the number (a row lock cannot do it:
    while nobody holds the number there is no row to lock). SQLite has one writer at a
    time: a write as the transaction's first statement takes the write lock before the
    check reads, so a second claimant reads only after the first has committed."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(f"phone:{e164}")})
    else:
        session.execute(text("UPDATE customers SET id = id WHERE id = 0"))


def lock_key(name: str) -> int:
    """A signed 64-bit key for an advisory lock, the same in every process."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def portal_fields(fields: dict[str, str]) -> dict[str, str]:
    """The register's field names as the portal's form names them."""
    return {
        ("phone" if k.startswith("phones") else "address" if k.startswith("addresses") else k): v
        for k, v in fields.items()
    }

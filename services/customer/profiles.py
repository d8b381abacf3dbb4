"""A customer as matching sees it: every field reduced to the form comparisons need.

Built the same way from an unsaved request and from a stored row, so both sides of a
comparison went through the same normalisation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from crm_common.phones import NotAPhoneNumber, is_fixed_line, to_e164
from services.customer.names import canonical_given, org_tokens, tokens
from services.customer.streets import postcode, street_and_house

if TYPE_CHECKING:
    from services.customer.models import Customer

# (street, postal code, country) of a current address
AddressKey = tuple[str | None, str | None, str]


class CustomerColumns(Protocol):
    """What a profile reads of a Customer, or of a row with the same column names."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def given_name(self) -> str | None: ...
    @property
    def family_name(self) -> str | None: ...
    @property
    def national_id(self) -> str | None: ...
    @property
    def org_number(self) -> str | None: ...
    @property
    def birthday(self) -> date | None: ...


@dataclass(frozen=True)
class Place:
    street: str  # street key: "storg"
    house: str  # "12b"
    postcode: str  # "41138"
    country: str


@dataclass(frozen=True)
class Profile:
    kind: str
    country: str
    given: tuple[str, ...] = ()  # nicknames resolved: kalle → karl
    family: tuple[str, ...] = ()
    given_written: tuple[str, ...] = ()  # as written (folded), for typo comparisons
    org: tuple[str, ...] = ()
    national_id: str | None = None
    org_number: str | None = None
    birthday: date | None = None
    phones: frozenset[str] = field(default_factory=frozenset)
    own_phones: frozenset[str] = field(default_factory=frozenset)  # not fixed lines: one person's
    emails: frozenset[str] = field(default_factory=frozenset)  # email_key: dots and case gone
    emails_written: frozenset[str] = field(default_factory=frozenset)  # dots kept
    places: tuple[Place, ...] = ()
    customer_id: int | None = None
    name: str = ""  # as the register shows it, for look-alike lists


def email_key(address: str) -> str:
    """anna.svensson+shop@Example.COM → annasvensson@example.com (case, dots, tags)."""
    local, _, domain = email_written(address).partition("@")
    return f"{local.replace('.', '')}@{domain}"


def email_written(address: str) -> str:
    """anna.svensson+shop@Example.COM → anna.svensson@example.com: the mailbox as most
    providers read it, where a dot still tells ann.astrom from anna.strom."""
    local, _, domain = address.strip().lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def compact_id(value: str | None) -> str | None:
    text = "".join(c for c in (value or "") if c.isalnum()).upper()
    return text or None


def from_request(data: dict[str, Any], default_region: str) -> Profile:
    """From a create request (already schema-checked), before anything is stored."""
    country = (data.get("country") or default_region).upper()
    phones: set[str] = set()
    for p in data.get("phones") or []:
        try:
            phones.add(to_e164(p["number"], country))
        except NotAPhoneNumber:
            pass
    return _profile(
        kind=data["kind"],
        country=country,
        name=data.get("name"),
        given_name=data.get("given_name"),
        family_name=data.get("family_name"),
        national_id=data.get("national_id"),
        org_number=data.get("org_number"),
        birthday=data.get("birthday"),
        phones=phones,
        emails={e["address"] for e in data.get("emails") or []},
        addresses=[
            (a["street"], a["postal_code"], (a.get("country") or country).upper())
            for a in data.get("addresses") or []
        ],
        customer_id=None,
    )


def from_customer(customer: Customer) -> Profile:
    """From a stored Customer with its phones, e-mails and current addresses loaded."""
    return from_row(
        customer,
        phones={p.e164 for p in customer.phones},
        emails={e.address for e in customer.emails},
        addresses=[(a.street, a.postal_code, a.country) for a in customer.addresses if a.valid_to is None],
    )


def from_row(
    row: CustomerColumns, phones: set[str], emails: set[str], addresses: Sequence[AddressKey]
) -> Profile:
    """From a Customer, or a row with the same column names."""
    return _profile(
        kind=row.kind,
        country=row.country,
        name=row.name,
        given_name=row.given_name,
        family_name=row.family_name,
        national_id=row.national_id,
        org_number=row.org_number,
        birthday=row.birthday,
        phones=phones,
        emails=emails,
        addresses=addresses,
        customer_id=row.id,
    )


def _profile(
    *,
    kind: str,
    country: str,
    name: str | None,
    given_name: str | None,
    family_name: str | None,
    national_id: str | None,
    org_number: str | None,
    birthday: date | None,
    phones: Collection[str],
    emails: Collection[str],
    addresses: Sequence[AddressKey],
    customer_id: int | None,
) -> Profile:
    given: list[str] = []
    family: list[str] = []
    org: list[str] = []
    written: list[str] = []
    if kind == "person":
        given, family = tokens(given_name), tokens(family_name)
        if not (given or family):
            words = tokens(name)
            given, family = words[:-1], words[-1:]
        elif not family:  # one name only ("Durr" on the phone): read as the family's, as above
            given, family = [], given
        written = list(given)
        given = [canonical_given(g) for g in given]
    else:
        org = org_tokens(name)
    places: list[Place] = []
    for street, code, place_country in addresses:
        key, house = street_and_house(street)
        places.append(Place(key, house, postcode(code), place_country))
    return Profile(
        kind=kind,
        country=country,
        given=tuple(given),
        family=tuple(family),
        org=tuple(org),
        given_written=tuple(written),
        national_id=compact_id(national_id),
        org_number=compact_id(org_number),
        birthday=birthday,
        phones=frozenset(phones),
        own_phones=frozenset(p for p in phones if not is_fixed_line(p)),
        emails=frozenset(email_key(e) for e in emails),
        emails_written=frozenset(email_written(e) for e in emails),
        places=tuple(places),
        customer_id=customer_id,
        name=name or " ".join(p for p in (given_name, family_name) if p),
    )

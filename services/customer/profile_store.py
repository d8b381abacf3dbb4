"""Profiles kept ready to compare: one row per customer, written with its blocking keys.

Building a profile means four tables read and every value normalised again (names
resolved, streets parsed, each phone's line type looked up), which cost more than the
comparisons themselves when a look-alike list or the whole-register report needs
hundreds of them at once. A stored profile is read with one primary-key look-up.

A row of another FORM (written by older code), or none (a customer stored before
profiles were), is built from the tables as before; `python -m services.customer.reindex`
writes every row again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crm_common.upsert import upsert
from services.customer.models import Address, Customer, Email, MatchProfile, Phone
from services.customer.profiles import AddressKey, Place, Profile, from_row

FORM = 1  # raise when Profile or its normalisation changes: older rows are then rebuilt


def document(p: Profile) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "country": p.country,
        "given": list(p.given),
        "family": list(p.family),
        "written": list(p.given_written),
        "org": list(p.org),
        "national_id": p.national_id,
        "org_number": p.org_number,
        "birthday": p.birthday.isoformat() if p.birthday else None,
        "phones": sorted(p.phones),
        "own_phones": sorted(p.own_phones),
        "emails": sorted(p.emails),
        "emails_written": sorted(p.emails_written),
        "places": [[x.street, x.house, x.postcode, x.country] for x in p.places],
        "name": p.name,
    }


def from_document(customer_id: int, d: dict[str, Any]) -> Profile:
    born = d["birthday"]
    return Profile(
        kind=d["kind"],
        country=d["country"],
        given=tuple(d["given"]),
        family=tuple(d["family"]),
        given_written=tuple(d["written"]),
        org=tuple(d["org"]),
        national_id=d["national_id"],
        org_number=d["org_number"],
        birthday=date.fromisoformat(born) if born else None,
        phones=frozenset(d["phones"]),
        own_phones=frozenset(d["own_phones"]),
        emails=frozenset(d["emails"]),
        emails_written=frozenset(d["emails_written"]),
        places=tuple(Place(*x) for x in d["places"]),
        customer_id=customer_id,
        name=d["name"],
    )


def keep_many(session: Session, stored: dict[int, Profile]) -> None:
    """Store (or replace) customers' profiles, in the transaction that changed them: one
    statement, no read before it."""
    rows = [{"customer_id": cid, "form": FORM, "document": document(p)} for cid, p in sorted(stored.items())]
    if rows:
        statement = upsert(session, MatchProfile)
        excluded = statement.excluded
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[MatchProfile.customer_id],
                set_={"form": excluded.form, "document": excluded.document},
            ),
            rows,
        )


def forget_many(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(delete(MatchProfile).where(MatchProfile.customer_id.in_(ids)))


def load_many(session: Session, ids: Iterable[int]) -> dict[int, Profile]:
    """Profiles of many stored customers at once; merged-away customers are left out."""
    ids = list(ids)
    if not ids:
        return {}
    out = {
        cid: from_document(cid, d)
        for cid, d in session.execute(
            select(MatchProfile.customer_id, MatchProfile.document).where(
                MatchProfile.customer_id.in_(ids), MatchProfile.form == FORM
            )
        )
    }
    if len(out) < len(ids):
        out.update(build_many(session, [i for i in ids if i not in out]))
    return out


def build_many(session: Session, ids: list[int]) -> dict[int, Profile]:
    """Built from the tables, with four plain queries (no ORM objects: building those
    costs more than the comparisons); merged-away customers are left out."""
    phones: dict[int, set[str]] = {}
    emails: dict[int, set[str]] = {}
    places: dict[int, list[AddressKey]] = {}
    for cid, e164 in session.execute(select(Phone.customer_id, Phone.e164).where(Phone.customer_id.in_(ids))):
        phones.setdefault(cid, set()).add(e164)
    for cid, address in session.execute(
        select(Email.customer_id, Email.address).where(Email.customer_id.in_(ids))
    ):
        emails.setdefault(cid, set()).add(address)
    for cid, street, code, country in session.execute(
        select(Address.customer_id, Address.street, Address.postal_code, Address.country).where(
            Address.customer_id.in_(ids), Address.valid_to.is_(None)
        )
    ):
        places.setdefault(cid, []).append((street, code, country))
    columns = (
        Customer.id,
        Customer.kind,
        Customer.country,
        Customer.name,
        Customer.given_name,
        Customer.family_name,
        Customer.national_id,
        Customer.org_number,
        Customer.birthday,
    )
    return {
        row.id: from_row(row, phones.get(row.id, set()), emails.get(row.id, set()), places.get(row.id, []))
        for row in session.execute(
            select(*columns).where(Customer.id.in_(ids), Customer.merged_into_id.is_(None))
        )
    }

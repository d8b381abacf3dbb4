"""Merging two customers (C7): one folds into the other and nothing is lost.

The survivor takes over the merged customer's phones, e-mails, addresses (the ones it
lacks, as history), notes and employments; fields the survivor leaves empty are filled
from the merged one. The merged row stays, pointing at the survivor, so its id keeps
resolving; a snapshot of it goes into the audit trail. Other services re-point what they
hold when they hear `customer_merged`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput
from services.customer import blocking, profiles
from services.customer.models import Address, Customer, Employment, LogEntry, Mailing, Merge, Note, Purchase
from services.customer.register import SCALARS, ensure_not_erased, get_customer


def resolve(session: Session, customer_id: int) -> Customer:
    """The customer an id stands for now, following merges."""
    customer = get_customer(session, customer_id)
    seen = {customer.id}
    while customer.merged_into_id is not None:
        customer = get_customer(session, customer.merged_into_id)
        if customer.id in seen:  # pragma: no cover - merges cannot form a cycle
            raise Conflict("merge cycle", {"customer_id": "merge cycle"})
        seen.add(customer.id)
    return customer


def merge(session: Session, survivor_id: int, merged_id: int, by: str, snapshot: dict[str, Any]) -> Merge:
    """Fold `merged_id` into `survivor_id` and keep the merge with `snapshot`. Raises
    NotFound, Conflict (erased), InvalidInput (the pair cannot be merged)."""
    survivor, merged = _mergeable(session, survivor_id, merged_id)
    now = utcnow()
    _fill_empty_fields(survivor, merged)
    _move_contacts(session, survivor, merged)
    _move_addresses(survivor, merged, now)
    _repoint_rows(session, survivor, merged)
    merged.merged_into_id, merged.updated_at, survivor.updated_at = survivor.id, now, now
    session.flush()
    blocking.forget(session, merged.id)
    session.refresh(survivor)
    blocking.store(session, survivor.id, profiles.from_customer(survivor))
    record = Merge(
        survivor_id=survivor.id, merged_id=merged.id, merged_by=by, merged_at=now, snapshot=snapshot
    )
    session.add(record)
    session.flush()
    return record


def _mergeable(session: Session, survivor_id: int, merged_id: int) -> tuple[Customer, Customer]:
    if survivor_id == merged_id:
        raise InvalidInput("a customer cannot be merged into itself", {"merged_id": "same as survivor"})
    survivor, merged = get_customer(session, survivor_id), get_customer(session, merged_id)
    ensure_not_erased(survivor), ensure_not_erased(merged)
    errors = {}
    if merged.merged_into_id is not None:
        errors["merged_id"] = f"already merged into {merged.merged_into_id}"
    if survivor.merged_into_id is not None:
        errors["customer_id"] = f"merged into {survivor.merged_into_id}; merge into that one"
    if survivor.kind != merged.kind:
        errors["merged_id"] = f"a {merged.kind} cannot merge into a {survivor.kind}"
    if errors:
        raise InvalidInput("these customers cannot be merged", errors)
    return survivor, merged


def _fill_empty_fields(survivor: Customer, merged: Customer) -> None:
    """The survivor's empty fields take the merged customer's; the categories join."""
    for field in SCALARS + ("national_id", "org_number", "last_contact_at"):
        if getattr(survivor, field) in (None, "", []) and getattr(merged, field) not in (None, "", []):
            setattr(survivor, field, getattr(merged, field))
    survivor.categories = sorted(set(survivor.categories or []) | set(merged.categories or []))
    if survivor.consent_changed_at is None and merged.consent_changed_at is not None:
        # consent to marketing: the survivor's own answer wins; else the merged one's
        survivor.marketing_consent = merged.marketing_consent
        survivor.consent_changed_at = merged.consent_changed_at
        survivor.consent_source = merged.consent_source


def _repoint_rows(session: Session, survivor: Customer, merged: Customer) -> None:
    """Notes, log entries, the selections' read model, employments, subsidiaries and
    earlier merges follow the merged customer to the survivor."""
    session.execute(update(Note).where(Note.customer_id == merged.id).values(customer_id=survivor.id))
    session.execute(update(LogEntry).where(LogEntry.customer_id == merged.id).values(customer_id=survivor.id))
    for model in (Purchase, Mailing):
        session.execute(update(model).where(model.customer_id == merged.id).values(customer_id=survivor.id))
    for column in (Employment.person_id, Employment.organisation_id):
        session.execute(update(Employment).where(column == merged.id).values({column.key: survivor.id}))
    session.execute(update(Customer).where(Customer.parent_id == merged.id).values(parent_id=survivor.id))
    session.execute(
        update(Customer).where(Customer.merged_into_id == merged.id).values(merged_into_id=survivor.id)
    )


def _move_contacts(session: Session, survivor: Customer, merged: Customer) -> None:
    have_phones = {p.e164 for p in survivor.phones}
    for phone in list(merged.phones):
        if phone.e164 in have_phones:
            session.delete(phone)
        else:
            phone.customer_id = survivor.id
    have_emails = {e.normalised for e in survivor.emails}
    for email in list(merged.emails):
        if email.normalised in have_emails:
            session.delete(email)
        else:
            email.customer_id = survivor.id


def _move_addresses(survivor: Customer, merged: Customer, now: datetime) -> None:
    def same(a: Address, b: Address) -> bool:
        return (a.street, a.postal_code, a.city, a.country) == (b.street, b.postal_code, b.city, b.country)

    current_kinds = {a.kind for a in survivor.addresses if a.valid_to is None}
    for address in list(merged.addresses):
        if any(same(address, mine) for mine in survivor.addresses):
            continue
        if address.valid_to is None and address.kind in current_kinds:
            address.valid_to = now  # the survivor's current address wins; this one becomes history
        address.customer_id = survivor.id


def merges_of(session: Session, customer_id: int) -> list[Merge]:
    return list(
        session.scalars(
            select(Merge)
            .where((Merge.survivor_id == customer_id) | (Merge.merged_id == customer_id))
            .order_by(Merge.id)
        )
    )

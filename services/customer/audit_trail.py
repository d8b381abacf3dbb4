"""What the audit trail says about a customer's change: each field with its old and new
value, taken from snapshots before and after the change (crm_common/audit.py writes it).

Why snapshots: a change arrives as the fields someone sent, but what the trail must show is
what the register holds before and after (a phone typed in another format is the same
phone; an address sent again unchanged is no move). A national id is never written in
clear: the trail says it changed, and whether it was set before and after. The credit
limit and the discount are left out here: credit_terms.py audits them as their own act.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import changes, record_act
from services.customer.models import AddressBlock, Customer, ImportJob, Merge, OutboxMessage, ReviewItem

HIDDEN = "[hidden]"
SECRET = ("national_id",)
FIELDS = (
    "name",
    "given_name",
    "family_name",
    "country",
    "language",
    "national_id",
    "org_number",
    "birthday",
    "name_day",
    "job_title",
    "industry",
    "categories",
    "satisfaction",
    "payment_terms_days",
    "currency",
    "parent_id",
    "tier",
    "newsletter",
)


def snapshot(customer: Customer) -> dict[str, Any]:
    """The customer's fields as plain JSON values: scalars, then phones, e-mails and the
    current addresses as lists of text."""
    out = {name: _plain(getattr(customer, name)) for name in FIELDS}
    out["phones"] = sorted(p.e164 for p in customer.phones)
    out["emails"] = sorted(e.address for e in customer.emails)
    out["addresses"] = sorted(
        f"{a.kind}: {a.street}, {a.postal_code} {a.city}, {a.country}"
        for a in customer.addresses
        if a.valid_to is None
    )
    return out


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{field, old, new}] of what differs; a national id's values are hidden."""
    return [
        {**c, "old": c["old"] and HIDDEN, "new": c["new"] and HIDDEN} if c["field"] in SECRET else c
        for c in changes(before, after)
    ]


def created(customer: Customer) -> list[dict[str, Any]]:
    """A new customer's fields that hold something, as changes from nothing."""
    return field_changes({}, {k: v for k, v in snapshot(customer).items() if v not in (None, [], "")})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return sorted(value)
    return value


def block_fields(block: AddressBlock) -> dict[str, Any]:
    """An address block as the trail shows it (AddressBlock)."""
    return {
        name: getattr(block, name)
        for name in ("kind", "country", "postcode_from", "postcode_to", "street", "city", "reason")
    }


def log_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """A customer-log entry as the trail shows it (a dumped LogEntryOut)."""
    return {name: entry.get(name) for name in ("text", "importance", "relevant_until", "pop_up")}


def link_fields(employment: dict[str, Any]) -> dict[str, Any]:
    """A person linked to an organisation (a dumped EmploymentOut)."""
    names = ("person_id", "job_title", "started_on", "ended_on", "is_contact", "receives_newsletter")
    return {name: employment.get(name) for name in names}


def import_summary(job: ImportJob) -> dict[str, Any]:
    """An import, once it is done: one act for the file, with its counts (ImportJob)."""
    return {
        "import_id": job.id,
        "filename": job.filename,
        "mode": job.mode,
        **{name: getattr(job, name) for name in ("total", "created", "queued", "skipped", "failed")},
    }


def decision(item: ReviewItem) -> dict[str, Any]:
    """A review decision (ReviewItem, decided): what came of which registration."""
    return {
        "review_id": item.id,
        "decision": item.status,
        "customer_id": item.customer_id,
        "source": item.source,
        "reference": item.reference,
        "note": item.note,
    }


def record_created(session: Session, actor: Acting, customer: Customer) -> None:
    """`customer_created` on the trail: the new customer's fields."""
    _act(session, actor, "customer_created", customer.id, created(customer))


def record_changed(session: Session, actor: Acting, customer: Customer, before: dict[str, Any]) -> None:
    """`customer_updated` on the trail, when any field differs from `before` (a snapshot)."""
    found = field_changes(before, snapshot(customer))
    if found:
        _act(session, actor, "customer_updated", customer.id, found)


def record_merged(session: Session, actor: Acting, done: Merge) -> None:
    """`customers_merged` on the survivor, naming the merged-away."""
    record_act(
        session,
        OutboxMessage,
        actor,
        "customers_merged",
        customer_id=done.survivor_id,
        target=f"customer {done.merged_id}",
        details={"survivor_id": done.survivor_id, "merged_id": done.merged_id, "merge_id": done.id},
    )


def _act(session: Session, actor: Acting, action: str, customer_id: int, found: list[dict[str, Any]]) -> None:
    record_act(session, OutboxMessage, actor, action, customer_id=customer_id, details={"changes": found})

"""How a customer enters the register: matched first, created with its blocking keys and
announced, or held in the review queue. Shared by the API, registrations and imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.config import load_settings
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.contracts.customer.registration import RegistrationIn
from crm_common.errors import DuplicateSuspected, InvalidInput
from crm_common.outbox import record
from services.customer import (
    address_warnings,
    audit_trail,
    blocking,
    credit_terms,
    matching,
    profiles,
    register,
    review,
)
from services.customer.models import Customer, OutboxMessage, ReviewItem
from services.customer.verdicts import Thresholds
from services.customer.views import customer_view

PROBABLE_DUPLICATE = "this looks like a customer already in the register; confirm it is new to create it"


def create_customer(
    session: Session, actor: Acting, valid: dict[str, Any], region: str, confirm_new: bool
) -> dict[str, Any]:
    """An agent's new customer (CustomerCreate, loaded): its terms checked, matched
    first, then created and put on the audit trail. Returns CustomerOut plus `matches` and
    the address `warnings`. Raises Forbidden (terms only a supervisor may set);
    DuplicateSuspected unless `confirm_new`."""
    credit_terms.check_change(actor, valid)
    matches = look_alikes(session, valid, region)
    if not confirm_new and any(m["verdict"] == "duplicate" for m in matches):
        raise DuplicateSuspected(PROBABLE_DUPLICATE, {"customer": "probable duplicate"}, matches)
    customer = create(session, valid, region)
    credit_terms.audit(session, OutboxMessage, actor, customer, credit_terms.NONE)
    found = address_warnings.warnings(session, valid.get("addresses"), customer.country)
    audit_trail.record_created(session, actor, customer)
    return {**customer_view(session, customer), "matches": matches, "warnings": found}


def load_registration(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A RegistrationIn and its customer (CustomerCreate), both loaded; a bad field of the
    customer is named under "customer.". Raises InvalidInput."""
    valid = load(RegistrationIn, data)
    try:
        customer_data = load(CustomerCreate, valid["customer"])
    except InvalidInput as err:
        raise InvalidInput(err.message, {f"customer.{k}": v for k, v in err.fields.items()}) from None
    return valid, customer_data


def submit(
    session: Session,
    actor: Acting,
    valid: dict[str, Any],
    customer_data: dict[str, Any],
    submitted_by: str,
    region: str,
) -> dict[str, Any]:
    """A registration from outside (load_registration's): its terms checked, created at
    once when clean, else held for review (register_or_hold). Returns {"status",
    "customer_id", "review_id"}. Raises Forbidden (terms only a supervisor may set)."""
    credit_terms.check_change(actor, customer_data)
    out = register_or_hold(
        session, valid["customer"], customer_data, valid["source"], valid["reference"], submitted_by, region
    )
    if out["status"] == "created":
        created = register.get_customer(session, out["customer_id"])
        audit_trail.record_created(session, actor, created)
        credit_terms.audit(session, OutboxMessage, actor, created, credit_terms.NONE)
    return {k: out[k] for k in ("status", "customer_id", "review_id")}


def look_alikes(session: Session, valid: dict[str, Any], region: str) -> list[matching.Match]:
    return matching.match(
        session, profiles.from_request(valid, region), register.size(session), Thresholds.of(load_settings())
    )


def create(session: Session, valid: dict[str, Any], region: str) -> Customer:
    """A new customer with its blocking keys, announced as `customer_created`."""
    customer = register.create_customer(session, valid, region)
    blocking.store(session, customer.id, profiles.from_customer(customer))
    record(session, OutboxMessage, "customer_created", customer_created(customer))
    return customer


def customer_created(customer: Customer) -> dict[str, Any]:
    """The `customer_created` event: who, and the numbers telephony can know them by."""
    return {
        "customer_id": customer.id,
        "kind": customer.kind,
        "name": customer.name,
        "phones": sorted(p.e164 for p in customer.phones),
    }


def updated(customer: Customer, changes: dict[str, Any]) -> dict[str, Any]:
    """The `customer_updated` event: which fields changed, with the phones when they did
    (telephony gives a new number's unknown calls to the customer)."""
    data = {"customer_id": customer.id, "fields": sorted(changes), "name": customer.name}
    if "phones" in changes:
        data["phones"] = sorted(p.e164 for p in customer.phones)
    return data


def register_or_hold(
    session: Session,
    raw: dict[str, Any],
    valid: dict[str, Any],
    source: str,
    reference: str | None,
    submitted_by: str,
    region: str,
) -> dict[str, Any]:
    """Create a clean registration; hold a look-alike or a flagged address for review.
    Returns {"status": "created" | "pending_review", "customer_id", "review_id", "matches"}.
    Raises InvalidInput before anything is written or queued."""
    register.validate(session, valid, region)
    matches = look_alikes(session, valid, region)
    country = (valid.get("country") or region).upper()
    found = address_warnings.warnings(session, valid.get("addresses"), country)
    if not review.needs_review(matches, found):
        customer = create(session, valid, region)
        return {"status": "created", "customer_id": customer.id, "review_id": None, "matches": matches}
    item = review.enqueue(session, raw, source, reference, matches, found, submitted_by)
    record(session, OutboxMessage, "review_requested", review_requested(item))
    return {"status": "pending_review", "customer_id": None, "review_id": item.id, "matches": matches}


def review_requested(item: ReviewItem) -> dict[str, Any]:
    """The `review_requested` event: a registration waits for an agent."""
    return {"review_id": item.id, "source": item.source, "reference": item.reference}

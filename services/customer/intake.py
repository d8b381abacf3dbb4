"""How a customer enters the register: matched first, created with its blocking keys and
announced, or held in the review queue. Shared by the API, registrations and imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.outbox import record
from services.customer import address_warnings, blocking, matching, profiles, register, review
from services.customer.models import Customer, OutboxMessage
from services.customer.scoring import Thresholds


def look_alikes(session: Session, valid: dict[str, Any], region: str) -> list[matching.Match]:
    return matching.match(
        session, profiles.from_request(valid, region), register.size(session), Thresholds.from_env()
    )


def create(session: Session, valid: dict[str, Any], region: str) -> Customer:
    """A new customer with its blocking keys, announced as `customer_created`."""
    customer = register.create_customer(session, valid, region)
    blocking.store(session, customer.id, profiles.from_customer(customer))
    record(
        session,
        OutboxMessage,
        "customer_created",
        {
            "customer_id": customer.id,
            "kind": customer.kind,
            "name": customer.name,
            "phones": sorted(p.e164 for p in customer.phones),
        },
    )
    return customer


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
    record(
        session,
        OutboxMessage,
        "review_requested",
        {"review_id": item.id, "source": item.source, "reference": item.reference},
    )
    return {"status": "pending_review", "customer_id": None, "review_id": item.id, "matches": matches}

"""Changing a customer (C1, C6, C12): by an agent, or by the customer in the portal.

Either way the change is checked, written with its blocking keys, put on the audit trail
(`customer_updated`, and `credit_terms_changed` for an agent's change of terms) and
announced as `customer_updated` (intake.updated), in the caller's transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.outbox import record
from services.customer import (
    address_warnings,
    audit_trail,
    blocking,
    credit_terms,
    intake,
    merging,
    own_details,
    profiles,
    register,
)
from services.customer.models import OutboxMessage
from services.customer.views import customer_view


def update_customer(
    session: Session, actor: Acting, customer_id: int, valid: dict[str, Any]
) -> dict[str, Any]:
    """An agent's change (CustomerUpdate, loaded). Returns CustomerOut plus `warnings` about
    the new addresses. Raises NotFound, InvalidInput, Forbidden (terms), Conflict (erased)."""
    target = merging.resolve(session, customer_id)
    credit_terms.check_change(actor, valid, target)
    terms = credit_terms.terms_of(target)
    before = audit_trail.snapshot(target)
    customer = register.update_customer(session, target.id, valid)
    credit_terms.audit(session, OutboxMessage, actor, customer, terms)
    audit_trail.record_changed(session, actor, customer, before)
    blocking.store(session, customer.id, profiles.from_customer(customer))
    found = address_warnings.warnings(session, valid.get("addresses"), customer.country)
    record(session, OutboxMessage, "customer_updated", intake.updated(customer, valid))
    return {**customer_view(session, customer), "warnings": found}


def update_own_details(
    session: Session, actor: Acting, customer_id: int, valid: dict[str, Any], today: date
) -> dict[str, Any]:
    """The customer's own change from the portal (OwnDetailsIn, loaded; own_details.py
    checks it). Returns CustomerOut plus `look_alikes`."""
    target = merging.resolve(session, customer_id)
    before = audit_trail.snapshot(target)
    customer, found, changes = own_details.change(session, target, valid, today)
    audit_trail.record_changed(session, actor, customer, before)
    record(session, OutboxMessage, "customer_updated", intake.updated(customer, changes))
    return {**customer_view(session, customer), "look_alikes": found}

"""A merge as the service does it (C8): the fold itself is merging.py; here it is put on
the audit trail (the survivor's terms when the merge filled them, `customers_merged`) and
announced as `customer_merged`, on which every service re-points what it holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.outbox import record
from services.customer import audit_trail, credit_terms, merging, register
from services.customer.models import Customer, Merge, OutboxMessage
from services.customer.views import customer_view


def merge_customers(
    session: Session, actor: Acting, survivor_id: int, merged_id: int, merged_by: str
) -> dict[str, Any]:
    """Fold `merged_id` into `survivor_id`, keeping a snapshot of the merged customer.
    Returns the survivor's CustomerOut. Raises NotFound, InvalidInput."""
    snapshot = customer_view(session, register.get_customer(session, merged_id))
    merge(session, actor, survivor_id, merged_id, merged_by, snapshot)
    return customer_view(session, register.get_customer(session, survivor_id))


def merge(
    session: Session, actor: Acting, survivor_id: int, merged_id: int, by: str, snapshot: dict[str, Any]
) -> Merge:
    """The merge, audited and announced."""
    terms = credit_terms.terms_at(session, survivor_id)
    done = merging.merge(session, survivor_id, merged_id, by, snapshot)
    survivor = session.get(Customer, done.survivor_id)
    assert survivor is not None  # merging.merge found it
    credit_terms.audit(session, OutboxMessage, actor, survivor, terms)
    record(session, OutboxMessage, "customer_merged", customer_merged(done))
    audit_trail.record_merged(session, actor, done)
    return done


def customer_merged(done: Merge) -> dict[str, Any]:
    """The `customer_merged` event: which id lives on, and which was folded into it."""
    return {"survivor_id": done.survivor_id, "merged_id": done.merged_id}

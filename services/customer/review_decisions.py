"""Deciding a registration that waits in the review queue (C7): `approve` creates it,
`merge` creates it and folds it into a customer we have (merges.py), `reject` drops it.
The decision is announced as `review_decided` with the customer it became (the case
service gives the cases waiting for it their customer) and put on the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.contracts import dump, load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.contracts.customer.review import ReviewItemOut
from crm_common.outbox import record
from services.customer import audit_trail, credit_terms, intake, merges, review
from services.customer.models import OutboxMessage, ReviewItem
from services.customer.views import customer_view

STATUS = {"approve": "approved", "merge": "merged", "reject": "rejected"}


def decide_review(
    session: Session, actor: Acting, review_id: int, valid: dict[str, Any], decided_by: str, region: str
) -> dict[str, Any]:
    """Decide the item (DecisionIn, loaded). Returns the ReviewItemOut. Raises NotFound,
    Conflict (already decided), InvalidInput."""
    item = review.get_item(session, review_id, for_update=True)
    review.ensure_pending(item)
    customer_id = None
    if valid["decision"] in ("approve", "merge"):
        customer_id = become_customer(session, actor, item, valid, decided_by, region)
    status = STATUS[valid["decision"]]
    review.decide(session, item, status, decided_by, customer_id, valid.get("note"))
    record(session, OutboxMessage, "review_decided", review_decided(item, status, customer_id))
    record_act(
        session,
        OutboxMessage,
        actor,
        "review_decided",
        customer_id=customer_id,
        target=f"review {item.id}",
        details=audit_trail.decision(item),
    )
    return dump(ReviewItemOut, item)


def become_customer(
    session: Session, actor: Acting, item: ReviewItem, valid: dict[str, Any], decided_by: str, region: str
) -> int:
    """The id the registration becomes: a new customer, or the one it is merged into."""
    created = intake.create(session, load(CustomerCreate, item.data), region)
    audit_trail.record_created(session, actor, created)
    credit_terms.audit(session, OutboxMessage, actor, created, credit_terms.NONE)
    if valid["decision"] != "merge":
        return created.id
    snapshot = customer_view(session, created)
    done = merges.merge(session, actor, valid["into"], created.id, decided_by, snapshot)
    return done.survivor_id


def review_decided(item: ReviewItem, status: str, customer_id: int | None) -> dict[str, Any]:
    """The `review_decided` event."""
    return {
        "review_id": item.id,
        "status": status,
        "customer_id": customer_id,
        "source": item.source,
        "reference": item.reference,
    }

"""A customer merged into another (C7): everything the order book holds under the merged
customer now belongs to the survivor."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_common.history import repoint
from crm_common.idempotency import claim
from crm_common.outbox import Envelope
from crm_common.storage import UnitOfWork
from services.order import memberships
from services.order.models import (
    Delivery,
    Device,
    Invoice,
    Membership,
    Offer,
    Order,
    Payment,
    ProcessedEvent,
    Quote,
    Refund,
    Return,
    ServiceJob,
)

FOLLOW_THE_CUSTOMER = (
    Order,
    Offer,
    Invoice,
    Payment,
    Delivery,
    Return,
    Refund,
    Membership,
    Device,
    ServiceJob,
    Quote,
)

# The idempotency key `customer_merged` is claimed under: the handler's original path,
# kept so that a merge handled before still counts as handled.
CUSTOMER_MERGED_HANDLER = "services.order.service.OrderService.on_customer_merged"


def customer_merged(db: UnitOfWork, payload: Envelope) -> None:
    """The customer service merged a customer: follow() once per event, however often
    it is delivered."""
    with db.transaction() as session:
        if claim(session, ProcessedEvent, payload["event_id"], CUSTOMER_MERGED_HANDLER):
            follow(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])


def follow(session: Session, merged_id: int, survivor_id: int) -> None:
    """Repoint every row to the survivor; a membership of a plan the survivor already
    has ends first (memberships.fold)."""
    memberships.fold(session, merged_id, survivor_id)
    for model in FOLLOW_THE_CUSTOMER:
        repoint(session, model, merged_id, survivor_id)

"""A customer merged into another (C7): everything the order book holds under the merged
customer now belongs to the survivor."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_common.history import repoint
from services.order import memberships
from services.order.models import (
    Delivery,
    Device,
    Invoice,
    Membership,
    Offer,
    Order,
    Payment,
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


def follow(session: Session, merged_id: int, survivor_id: int) -> None:
    """Repoint every row to the survivor; a membership of a plan the survivor already
    has ends first (memberships.fold)."""
    memberships.fold(session, merged_id, survivor_id)
    for model in FOLLOW_THE_CUSTOMER:
        repoint(session, model, merged_id, survivor_id)

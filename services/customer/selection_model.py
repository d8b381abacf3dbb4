"""The read model selections run on (C10), kept by events from the other services: what
each customer bought (order service) and which messages reached them (messaging); every
call, case and message also moves the customer's last contact. Rows are keyed by their
source (order and sku, message id), so a redelivered event adds nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.customer import relations
from services.customer.models import Mailing, Purchase


def add_purchases(session: Session, order: dict[str, Any]) -> int:
    """The order's lines as purchases; skipped if the order is there already."""
    if session.scalar(select(Purchase.id).where(Purchase.order_id == order["order_id"]).limit(1)):
        return 0
    at = datetime.fromisoformat(order["placed_at"])
    seen = set()
    for line in order.get("lines", []):
        if line["sku"] in seen:
            continue
        seen.add(line["sku"])
        session.add(
            Purchase(
                customer_id=order["customer_id"],
                order_id=order["order_id"],
                sku=line["sku"],
                product_group=line.get("product_group"),
                ordered_at=at,
            )
        )
    return len(seen)


def remove_order(session: Session, order_id: int) -> None:
    """A cancelled order was not bought after all."""
    session.execute(delete(Purchase).where(Purchase.order_id == order_id))


def add_mailing(session: Session, sent: dict[str, Any]) -> None:
    if session.scalar(select(Mailing.id).where(Mailing.message_id == sent["message_id"])):
        return
    at = datetime.fromisoformat(sent["sent_at"])
    session.add(
        Mailing(
            customer_id=sent["customer_id"],
            message_id=sent["message_id"],
            template=sent["template"],
            channel=sent["channel"],
            sent_at=at,
        )
    )
    relations.record_contact(session, sent["customer_id"], at)


def clear(session: Session) -> None:
    """Empty the read model, before a rebuild fills it again page by page."""
    session.execute(delete(Purchase))
    session.execute(delete(Mailing))

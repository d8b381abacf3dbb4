"""Offers a customer has received (O4): found at booking, applied by pricing.py, and
used up safely when they may be used only so many times.

An offer is money given away, so it has a ceiling (CRM_MAX_OFFER_PERCENT, and
CRM_MAX_OFFER_AMOUNT for an amount off), and an offer to everyone is a supervisor's
decision: an agent may make one customer an offer within the ceiling, not the whole
register (the role is the one the gateway marked on the call; none is the system's)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, bindparam, or_, select, update
from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import changes, record_act
from crm_common.clock import utcnow
from crm_common.config import Settings
from crm_common.contracts import dump
from crm_common.contracts.order.offers import OfferOut
from crm_common.dml import rows_changed
from crm_common.errors import Forbidden, InvalidInput
from crm_common.outbox import record
from services.order.catalogue import product_named
from services.order.models import Offer, OutboxMessage
from services.order.pricing import AnOffer

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

DECIDERS = ("supervisor", "admin")

# An offer as usable() reads it: id, description, kind, value, product_id, max_uses.
UsableOffer = Row[int, str, str, Decimal, int | None, int | None]


def give(
    db: UnitOfWork,
    terms: Callable[[int], dict[str, Any]],
    actor: Acting,
    data: dict[str, Any],
    settings: Settings,
) -> dict[str, Any]:
    """Make the offer (OfferCreate) if `actor` may: checked before anything is asked or
    written. A customer named by a merged-away id gets it as the survivor (`terms` asks
    the customer service, outside the transaction). Records `offer_made` and the act.
    Returns OfferOut."""
    check_allowed(actor, data, settings)
    if data.get("customer_id"):
        data["customer_id"] = terms(data["customer_id"])["id"]
    with db.transaction() as session:
        offer = make_offer(session, data)
        out = dump(OfferOut, offer)
        record(session, OutboxMessage, "offer_made", offer_made(offer, out))
        record_act(
            session,
            OutboxMessage,
            actor,
            "offer_made",
            customer_id=offer.customer_id,
            target=f"offer {offer.id}",
            details={"changes": changes({}, audited(offer, data.get("sku")))},
        )
        return out


def offer_made(offer: Offer, out: dict[str, Any]) -> dict[str, Any]:
    """The `offer_made` event: the offer as answered, with its id."""
    return {"offer_id": offer.id, **out}


def check_allowed(actor: Acting, data: dict[str, Any], settings: Settings) -> None:
    """Raise Forbidden (customer_id) for an offer to everyone unless the caller is a
    supervisor or an admin, then InvalidInput (value) past the ceiling."""
    if not data.get("customer_id") and actor.role is not None and actor.role not in DECIDERS:
        raise Forbidden(
            "only a supervisor may make an offer to every customer",
            {"customer_id": "an offer to everyone is a supervisor's decision"},
        )
    if data["kind"] == "percent" and data["value"] > settings.max_offer_percent:
        limit = settings.max_offer_percent.normalize()
        raise InvalidInput(f"an offer gives at most {limit:f} %", {"value": f"at most {limit:f} %"})
    if data["kind"] == "amount" and data["value"] > settings.max_offer_amount:
        limit = settings.max_offer_amount
        raise InvalidInput(f"an offer gives at most {limit} off", {"value": f"at most {limit}"})


def audited(offer: Offer, sku: str | None) -> dict[str, Any]:
    """The offer as the audit trail keeps it."""
    return {
        "customer_id": offer.customer_id,
        "description": offer.description,
        "kind": offer.kind,
        "value": str(offer.value),
        "sku": sku,
        "valid_from": offer.valid_from.isoformat(),
        "valid_until": offer.valid_until.isoformat(),
        "max_uses": offer.max_uses,
    }


def make_offer(session: Session, data: dict[str, Any]) -> Offer:
    if data["valid_until"] < data["valid_from"]:
        raise InvalidInput("the offer ends before it starts", {"valid_until": "before valid_from"})
    product = product_named(session, data["sku"]) if data.get("sku") else None
    offer = Offer(
        customer_id=data.get("customer_id"),
        description=data["description"],
        kind=data["kind"],
        value=data["value"],
        product_id=product.id if product else None,
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        max_uses=data.get("max_uses"),
        used_count=0,
        created_at=utcnow(),
    )
    session.add(offer)
    session.flush()
    return offer


# Built once: it runs on every order. A customer id of 0 matches no customer's own offers.
_USABLE = select(
    Offer.id, Offer.description, Offer.kind, Offer.value, Offer.product_id, Offer.max_uses
).where(
    or_(Offer.customer_id == bindparam("cid"), Offer.customer_id.is_(None)),
    Offer.valid_from <= bindparam("day"),
    Offer.valid_until >= bindparam("day"),
    or_(Offer.max_uses.is_(None), Offer.used_count < Offer.max_uses),
)


def usable(
    session: Session, customer_id: int | None, day: date, exclude: AbstractSet[int] = frozenset()
) -> list[UsableOffer]:
    """The offers `customer_id` may use on `day`, their own and everyone's, as rows (id,
    description, kind, value, product_id, max_uses): read on every order, never changed
    through them."""
    found = session.connection().execute(_USABLE, {"cid": customer_id or 0, "day": day})
    return [o for o in found if o.id not in exclude]


def use(session: Session, offer: AnOffer) -> bool:
    """Count one use; False when the last use went to someone else meanwhile."""
    taken = rows_changed(
        session,
        update(Offer)
        .where(Offer.id == offer.id, or_(Offer.max_uses.is_(None), Offer.used_count < Offer.max_uses))
        .values(used_count=Offer.used_count + 1)
        .execution_options(synchronize_session=False),
    )
    return taken == 1


def offers_of(session: Session, customer_id: int) -> list[Offer]:
    return list(
        session.scalars(select(Offer).where(Offer.customer_id == customer_id).order_by(Offer.id.desc()))
    )

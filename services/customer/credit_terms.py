"""A customer's money terms (O6, O4): the credit limit and the standing discount are a
supervisor's decision, wherever the change comes from.

Why in the service and not only at the gateway: both fields sit in the create and update
bodies an agent sends for everything else (a new phone, an address) and in a registration
from outside (a web shop's), so only the service sees every way they arrive. The role is
the one the gateway marked on the call (crm_common/acting.py); a call with no role is the
system's own (the demo seed, an event handler) and may set them. Every change is on the
audit trail as `credit_terms_changed`, with its old and new value, in the transaction of
the change (a merge that fills the survivor's empty terms from the merged one included).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import changes, record_act
from crm_common.errors import Forbidden
from crm_common.outbox import OutboxMixin
from services.customer.models import Customer

FIELDS = ("credit_limit", "discount_percent")
DECIDERS = ("supervisor", "admin")
MESSAGE = "only a supervisor may change a customer's credit limit or discount"
ACTION = "credit_terms_changed"
NONE = dict.fromkeys(FIELDS)


def may_decide(actor: Acting) -> bool:
    return actor.role is None or actor.role in DECIDERS


def check_change(actor: Acting, data: dict[str, Any], customer: Customer | None = None) -> None:
    """Raise Forbidden naming each term `data` would change (on `customer`, or on a new
    customer when None) unless the caller may decide it. A term sent again with its
    current value (or empty on a new customer) changes nothing and is let by."""
    if may_decide(actor):
        return
    changed = [
        name for name in FIELDS if name in data and _same(data[name]) != _same(getattr(customer, name, None))
    ]
    if changed:
        raise Forbidden(MESSAGE, {name: "a supervisor's decision" for name in changed})


def terms_of(customer: Customer) -> dict[str, str | None]:
    """The customer's terms as the trail keeps them: text with two decimals, or None."""
    return {name: _text(getattr(customer, name)) for name in FIELDS}


def terms_at(session: Session, customer_id: int) -> dict[str, str | None]:
    """terms_of the customer with this id, NONE when there is none."""
    customer = session.get(Customer, customer_id)
    return terms_of(customer) if customer is not None else NONE


def audit(
    session: Session,
    outbox_model: type[OutboxMixin],
    actor: Acting,
    customer: Customer,
    before: dict[str, Any],
) -> None:
    """Record the change of terms from `before` (terms_of, or NONE for a new customer)."""
    found = changes(before, terms_of(customer))
    if found:
        record_act(
            session,
            outbox_model,
            actor,
            ACTION,
            customer_id=customer.id,
            target=f"customer {customer.id}",
            details={"changes": found},
        )


def _text(value: Decimal | int | str | None) -> str | None:
    return None if value is None else f"{Decimal(value).quantize(Decimal('0.01'))}"


def _same(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else Decimal(value)

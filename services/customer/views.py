"""How a customer is answered: CustomerOut with the employments (who works where)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.customer.customers import CustomerOut
from crm_common.contracts.customer.relations import EmploymentOut
from services.customer import merging, relations
from services.customer.models import Customer


def customer_view(session: Session, customer: Customer) -> dict[str, Any]:
    """The CustomerOut of `customer`, with its employments (EmploymentOut list)."""
    out: dict[str, Any] = dump(CustomerOut, customer)
    out["employments"] = dump(EmploymentOut, relations.employments(session, customer.id), many=True)
    return out


def view_of(session: Session, customer_id: int) -> dict[str, Any]:
    """customer_view of the customer with this id, or of the one it was merged into.
    Raises NotFound."""
    return customer_view(session, merging.resolve(session, customer_id))

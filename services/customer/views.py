"""How a customer is answered: CustomerOut with the employments (who works where)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.customer import relations
from services.customer import schemas as s
from services.customer.models import Customer


def customer_view(session: Session, customer: Customer) -> dict[str, Any]:
    """The CustomerOut of `customer`, with its employments (EmploymentOut list)."""
    out: dict[str, Any] = s.customer_out.dump(customer)
    out["employments"] = s.employment_out.dump(relations.employments(session, customer.id), many=True)
    return out

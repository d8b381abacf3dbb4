"""A customer changing their own details (C12): the change goes through like an agent's,
and because nobody on our side typed it, the register looks at the result again. Should
the customer now look like another one of ours (the same person registered twice, say),
their log gets a yellow entry naming the look-alike, so the next agent who opens them sees
it and can merge; the customer is not held up."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from crm_common.config import load_settings
from services.customer import blocking, customer_log, matching, profiles, register
from services.customer.matching import Match
from services.customer.models import Customer
from services.customer.verdicts import Thresholds

AUTHOR = "portal"


def update_own_details(
    session: Session, customer_id: int, changes: dict[str, Any], today: date
) -> tuple[Customer, list[Match]]:
    """The updated customer and the look-alikes its new details made (duplicate verdicts)."""
    customer = register.update_customer(session, customer_id, changes)
    profile = profiles.from_customer(customer)
    blocking.store(session, customer.id, profile)
    found = [
        hit
        for hit in matching.match(session, profile, register.size(session), Thresholds.of(load_settings()))
        if hit["customer"]["id"] != customer.id and hit["verdict"] == "duplicate"
    ]
    for hit in found:
        other = hit["customer"]
        text = (
            f"Looks like {other['name']} (no. {other['id']}) since changing their details in the portal: "
            "check, and merge if it is the same customer"
        )
        customer_log.add_entry(session, customer.id, AUTHOR, {"text": text, "importance": "yellow"}, today)
    return customer, found

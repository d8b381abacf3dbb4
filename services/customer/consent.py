"""Consent to marketing: opt-in, kept with when it last changed and how it was given or
withdrawn ("portal", "agent:<username>", "import", "web order").

Why here, in the register: a campaign's recipients are read from the register
(campaign_recipients.py), so whoever builds a campaign, and whatever page they build it
on, reaches only those who consented. The newsletter flag is another thing: it says the
customer wants the newsletter; consent says they may be sent marketing at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.outbox import record
from services.customer import intake, merging, register
from services.customer.models import Customer, OutboxMessage

ACTION = "consent_changed"


def change(
    session: Session, actor: Acting, customer_id: int, given: bool, source: str, now: datetime
) -> Customer:
    """Give or withdraw the customer's consent (following merges), with `source` and
    `now`. The same answer again keeps the first time and source. On the audit trail as
    `consent_changed` and announced as `customer_updated`. Raises NotFound, Conflict
    (erased)."""
    customer = register.ensure_not_erased(merging.resolve(session, customer_id))
    if customer.marketing_consent == given and customer.consent_changed_at is not None:
        return customer
    was = customer.marketing_consent
    customer.marketing_consent, customer.consent_changed_at, customer.consent_source = given, now, source
    customer.updated_at = now
    record_act(
        session,
        OutboxMessage,
        actor,
        ACTION,
        customer_id=customer.id,
        details={"changes": [{"field": "marketing_consent", "old": was, "new": given}], "source": source},
    )
    record(session, OutboxMessage, "customer_updated", intake.updated(customer, {"marketing_consent": given}))
    session.flush()
    return customer

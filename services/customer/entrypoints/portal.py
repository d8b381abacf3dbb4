"""The portal (C12): a customer changing their own details."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import load, positive_id
from crm_common.contracts.customer.own_details import OwnDetailsIn
from crm_common.entrypoints import rpc
from services.customer import updating
from services.customer.entrypoints import CustomerEntrypoints


class PortalEntrypoints(CustomerEntrypoints):
    @rpc
    def update_own_details(self, customer_id: int, data: dict) -> dict:
        """The customer's own change from the portal (OwnDetailsIn: `phone`, their mobile
        number, and/or `address`, their postal address), checked and written in one
        transaction. Look-alikes it makes are noted in the customer's log for an agent
        (C12). Returns CustomerOut plus `look_alikes`. Raises NotFound; InvalidInput with
        the portal's fields (`address`: blocked, unknown postal code or the wrong town,
        with the reason; `phone`: not a phone number); Conflict (`phone`: another
        person's number). Emits `customer_updated`."""
        valid = load(OwnDetailsIn, data)
        with self.db.transaction() as session:
            return updating.update_own_details(
                session, self.actor, positive_id(customer_id, "customer_id"), valid, utcnow().date()
            )

"""Consent to marketing (opt-in): given or withdrawn, by an agent, in the portal, by an
import or with a web order."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.consent import ConsentChange, ConsentOut
from crm_common.entrypoints import rpc
from services.customer import consent
from services.customer.entrypoints import CustomerEntrypoints


class ConsentEntrypoints(CustomerEntrypoints):
    @rpc
    def change_consent(self, customer_id: int, data: dict) -> dict:
        """Give or withdraw the customer's consent (ConsentChange: `given`, `source`),
        following merges; the same answer again changes nothing. Returns ConsentOut.
        Raises NotFound, InvalidInput, Conflict (erased). Emits `customer_updated`; on
        the audit trail as `consent_changed`."""
        valid = load(ConsentChange, data)
        with self.db.transaction() as session:
            changed = consent.change(
                session,
                self.actor,
                positive_id(customer_id, "customer_id"),
                valid["given"],
                valid["source"],
                utcnow(),
            )
            return dump(ConsentOut, changed)

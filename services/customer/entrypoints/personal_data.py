"""Data-protection requests (GDPR art. 15 and 17): a person's data exported, or erased
with the bookkeeping kept. The rules are in services/customer/personal_data.py."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from services.customer import personal_data
from services.customer.entrypoints import CustomerEntrypoints


class PersonalDataEntrypoints(CustomerEntrypoints):
    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the register holds on a person (see personal_data.export). Raises
        NotFound."""
        with self.db.read() as session:
            return personal_data.export(
                session, positive_id(customer_id, "customer_id"), self._region(), utcnow()
            )

    @rpc
    def erase_customer(self, customer_id: int, erased_by: str, reason: str) -> dict:
        """Erase a person's data, keeping the bookkeeping (see personal_data.erase):
        {"customer_id", "customer_ids" (with the ids merged into it), "erased_at",
        "already_erased"}. Erasing again changes nothing. Raises NotFound, InvalidInput
        (an organisation). Emits `customer_erased`, on which every service erases its part."""
        target = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            return personal_data.erase_customer(session, target, erased_by, reason, utcnow())

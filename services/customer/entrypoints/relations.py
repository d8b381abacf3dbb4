"""Relations (C1, C9): who works where, who owns a phone number, and when a customer was
last in contact (from the case and telephony services' events)."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import load, positive_id
from crm_common.contracts.customer.relations import EmploymentIn
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from services.customer import relations
from services.customer.entrypoints import CustomerEntrypoints
from services.customer.models import ProcessedEvent


class RelationsEntrypoints(CustomerEntrypoints):
    @rpc
    def find_by_phone(self, number: str, region: str | None = None) -> list[dict]:
        """Who owns this number. `number` in any format, read as `region` (default: the
        configured region). Returns [{"customer": summary, "organisations": [summary],
        "e164": ...}], persons with the organisations they currently work for.
        Raises InvalidInput when `number` cannot be a phone number."""
        with self.db.read() as session:
            return relations.phone_owners(session, number, region or self._region())

    @rpc
    def link_person(self, organisation_id: int, data: dict) -> dict:
        """Tie a person to an organisation (job title, period, contact person, newsletter
        recipient). Returns EmploymentOut. Raises NotFound, InvalidInput."""
        valid = load(EmploymentIn, data)
        with self.db.transaction() as session:
            return relations.link(session, self.actor, positive_id(organisation_id, "organisation_id"), valid)

    @event_handler("case", "case_opened")
    @handles_once(ProcessedEvent)
    def on_case_opened(self, session, payload):
        """A case is a contact with the customer."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["occurred_at"])

    @event_handler("case", "case_message_received")
    @handles_once(ProcessedEvent)
    def on_case_message_received(self, session, payload):
        """A customer writing again on a case is a contact too."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["occurred_at"])

    @event_handler("telephony", "call_ended")
    @handles_once(ProcessedEvent)
    def on_call_ended(self, session, payload):
        """A finished call with a known customer counts as the last contact."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["data"]["ended_at"])

"""Relations (C1, C9): who works where, who owns a phone number, and when a customer was
last in contact (from the case and telephony services' events)."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.relations import EmploymentEnd, EmploymentIn, HoldingOut
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from services.customer import holdings, relations
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

    @rpc
    def end_employment(self, customer_id: int, employment_id: int, data: dict) -> dict:
        """End one of this customer's employments (EmploymentEnd: ended_on). Returns
        EmploymentOut. Raises NotFound (not this customer's), InvalidInput, Conflict."""
        valid = load(EmploymentEnd, data)
        with self.db.transaction() as session:
            return relations.end(
                session,
                self.actor,
                positive_id(customer_id, "customer_id"),
                positive_id(employment_id, "employment_id"),
                valid["ended_on"],
            )

    @rpc
    def holding(self, customer_id: int, after: int | None = None, limit: int = 50) -> dict:
        """The customer's parent organisation and its subsidiaries, `limit` at a time
        after the customer number `after` (HoldingOut). Raises NotFound."""
        with self.db.read() as session:
            found = holdings.holding(session, positive_id(customer_id, "customer_id"), after, limit)
            return dump(HoldingOut, found)

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

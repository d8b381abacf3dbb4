"""What the case service holds on a person: moved when customers are merged (C7),
exported (GDPR art. 15) and erased (art. 17)."""

from __future__ import annotations

from nameko.events import event_handler
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from crm_common.outbox import Envelope
from services.case import personal_data
from services.case.entrypoints import CaseEntrypoints
from services.case.models import ProcessedEvent


class PersonalDataEntrypoints(CaseEntrypoints):
    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session: Session, payload: Envelope) -> None:
        """The merged customer's cases, calls, agenda items and papers now belong to the
        survivor (C7)."""
        personal_data.move_to_survivor(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """A customer's cases with their whole journals (attachments as metadata), agenda
        items, registered calls, letters, documents and personal-list lines (GDPR art. 15)."""
        with self.db.read() as session:
            return personal_data.export(session, [positive_id(customer_id, "customer_id")])

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session: Session, payload: Envelope) -> None:
        """The person's cases keep number and dates, closed, with their texts and
        attachments replaced; their papers lose their texts (art. 17)."""
        personal_data.erase_person(session, payload["data"], utcnow())

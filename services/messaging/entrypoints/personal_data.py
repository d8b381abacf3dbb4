"""Personal data: what messaging holds on a person, exported (GDPR art. 15), moved to the
survivor of a merge (C7) and erased (art. 17)."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from services.messaging import personal_data
from services.messaging.entrypoints import MessagingEntrypoints
from services.messaging.models import ProcessedEvent


class PersonalDataEntrypoints(MessagingEntrypoints):
    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """The messages sent to a customer and their opt-outs (GDPR art. 15):
        {"messages": MessageOut list, "opt_outs": OptOutOut list}."""
        with self.db.read() as session:
            return personal_data.export(session, [positive_id(customer_id, "customer_id")])

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's messages and opt-outs now belong to the survivor (C7)."""
        personal_data.move_to_survivor(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """The person's messages keep date, channel and template and lose recipient and
        body; what still waited to go is not sent (art. 17)."""
        personal_data.erase_person(session, payload["data"])

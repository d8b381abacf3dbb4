"""Messaging service entrypoints."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import claim, handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.messaging import outgoing
from services.messaging import schemas as s
from services.messaging.models import Message, OutboxMessage, ProcessedEvent


class MessagingService(Pingable):
    name = "messaging"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")

    @event_handler("case", "case_opened")
    def on_case_opened(self, payload):
        """Confirm a new case to its customer with the case number (K2, M2). The customer
        is fetched before the transaction so no database lock waits on the RPC."""
        case = payload["data"]
        customer = self.customers.get_customer(case["customer_id"])
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], "messaging.on_case_opened"):
                return
            message = outgoing.confirm_case(session, case, customer)
            if message is not None:
                record(
                    session,
                    OutboxMessage,
                    "message_recorded",
                    {
                        "message_id": message.id,
                        "customer_id": message.customer_id,
                        "template": message.template,
                    },
                )

    @rpc
    def list_messages(self, customer_id: int, limit: int = 50) -> list[dict]:
        """What was sent to the customer, newest first (MessageOut list)."""
        with self.db.read() as session:
            return s.message_out.dump(
                outgoing.messages_to(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's messages sent now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Message, data["merged_id"], data["survivor_id"])

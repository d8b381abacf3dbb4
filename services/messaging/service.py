"""Messaging service entrypoints."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common.cache import ForgetsChangedCustomers
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


class MessagingService(ForgetsChangedCustomers, Pingable):
    name = "messaging"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")

    def _contact(self, customer_id: int) -> dict:
        """Name and addresses from the customer service, cached until it changes. Fetched
        before the transaction, so no database lock waits on the RPC."""
        customer = self.customer_cache.get(customer_id)
        if customer is None:
            customer = self.customers.get_customer(customer_id)
            self.customer_cache.put(customer_id, customer)
        return customer

    def _recorded(self, session, message) -> None:
        if message is not None:
            record(
                session,
                OutboxMessage,
                "message_recorded",
                {"message_id": message.id, "customer_id": message.customer_id, "template": message.template},
            )

    @event_handler("case", "case_opened")
    def on_case_opened(self, payload):
        """Confirm a new case to its customer with the case number (K2, M2). Not to an
        auto-reply (no mail loops), and for an unknown sender once the case has its
        customer (`case_customer_linked`)."""
        self._confirm_case(payload, "messaging.on_case_opened")

    @event_handler("case", "case_customer_linked")
    def on_case_customer_linked(self, payload):
        self._confirm_case(payload, "messaging.on_case_customer_linked")

    def _confirm_case(self, payload: dict, handler: str) -> None:
        case = payload["data"]
        if case.get("customer_id") is None or case.get("confirm") is False:
            return
        customer = self._contact(case["customer_id"])
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], handler):
                return
            self._recorded(session, outgoing.confirm_case(session, case, customer))

    @event_handler("case", "case_replied")
    def on_case_replied(self, payload):
        """The agent's answer goes to the customer, once."""
        reply = payload["data"]
        customer = self._contact(reply["customer_id"]) if reply.get("customer_id") else None
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], "messaging.on_case_replied"):
                return
            self._recorded(session, outgoing.reply_to_case(session, reply, customer))

    @event_handler("case", "reminder_due")
    def on_reminder_due(self, payload):
        """Agenda reminders, reply deadlines and expiring documents, by e-mail (K12, K13)."""
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], "messaging.on_reminder_due"):
                return
            for message in outgoing.remind_staff(session, payload["data"]):
                self._recorded(session, message)

    @event_handler("case", "sla_escalated")
    def on_sla_escalated(self, payload):
        """Warn the people the SLA step names, by e-mail and SMS (K5)."""
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], "messaging.on_sla_escalated"):
                return
            for message in outgoing.warn_staff(session, payload["data"], payload["event_id"]):
                self._recorded(session, message)

    def _tell(self, event_type: str, payload: dict) -> None:
        """The order book's event as the message outgoing.ORDER_EVENTS names (M2), once."""
        template, name = outgoing.ORDER_EVENTS[event_type]
        data = payload["data"]
        customer = self._contact(data["customer_id"])
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], f"messaging.{event_type}"):
                return
            key = f"{event_type}:{payload['event_id']}"
            self._recorded(session, outgoing.compose(session, template, key, customer, {name: data}))

    @event_handler("order", "order_placed")
    def on_order_placed(self, payload):
        """Order confirmation (and what it waits for, if anything)."""
        self._tell("order_placed", payload)

    @event_handler("order", "order_shipped")
    def on_order_shipped(self, payload):
        """Delivery notice with carrier and tracking number."""
        self._tell("order_shipped", payload)

    @event_handler("order", "delivery_delayed")
    def on_delivery_delayed(self, payload):
        self._tell("delivery_delayed", payload)

    @event_handler("order", "return_received")
    def on_return_received(self, payload):
        self._tell("return_received", payload)

    @event_handler("order", "refund_paid")
    def on_refund_paid(self, payload):
        self._tell("refund_paid", payload)

    @event_handler("order", "membership_ended")
    def on_membership_ended(self, payload):
        """The confirmation a club member gets on leaving (O9)."""
        self._tell("membership_ended", payload)

    @rpc
    def list_messages(self, customer_id: int, limit: int = 50) -> list[dict]:
        """What was sent to the customer, newest first (MessageOut list)."""
        with self.db.read() as session:
            return s.message_out.dump(
                outgoing.messages_to(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @rpc
    def list_outgoing(
        self, recipient: str | None = None, template: str | None = None, limit: int = 100
    ) -> list[dict]:
        """What was sent, newest first, to `recipient` and/or of `template` (MessageOut list)."""
        with self.db.read() as session:
            found = outgoing.outgoing_log(session, recipient, template, min(int(limit), 500))
            return s.message_out.dump(found, many=True)

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's messages sent now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Message, data["merged_id"], data["survivor_id"])

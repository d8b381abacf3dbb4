"""Sending (M5): the queue sent on a timer, an agent's message by hand, and what was sent
to whom."""

from __future__ import annotations

from nameko.timer import timer

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.messaging import ManualMessageIn, MessageOut
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from services.messaging import delivery, outgoing
from services.messaging.entrypoints import SETTINGS, MessagingEntrypoints


class SendingEntrypoints(MessagingEntrypoints):
    @timer(interval=SETTINGS.send_tick_seconds)
    def deliver_due(self):
        """Send what is queued (M5): claim a batch, send it with no transaction open, then
        record how each went (sent, back in the queue, or failed with the reason)."""
        delivery.send_due(self.db, utcnow(), load_settings())

    @rpc
    def send_manual(
        self, customer_id: int, data: dict, sent_by: str, secret_values: dict | None = None
    ) -> dict:
        """An agent's message from a template to a customer (ManualMessageIn) from the 360°
        view: queued and sent like any other. `secret_values` (the portal's login link)
        reach the customer only: what is kept and returned shows placeholders (sealing.py).
        Returns MessageOut. Raises InvalidInput (no such template, a value it needs and
        was not given)."""
        valid = load(ManualMessageIn, data)
        if not isinstance(secret_values or {}, dict):
            raise InvalidInput("secret values are a mapping", {"secret_values": "not a mapping"})
        customer = self._contacts.customer(positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            return dump(MessageOut, outgoing.by_hand(session, valid, customer, sent_by, secret_values))

    @rpc
    def get_message(self, message_id: int) -> dict:
        """One message, its subject and body as sent (MessageOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(MessageOut, outgoing.one(session, positive_id(message_id, "message_id")))

    @rpc
    def list_messages(self, customer_id: int, limit: int = 50) -> list[dict]:
        """What was sent to the customer, newest first (MessageOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(
                MessageOut, outgoing.messages_to(session, customer_id, min(int(limit), 500)), many=True
            )

    @rpc
    def list_outgoing(
        self,
        recipient: str | None = None,
        template: str | None = None,
        limit: int = 100,
        status: str | None = None,
    ) -> list[dict]:
        """Messages, newest first, to `recipient`, of `template`, in `status` (MessageOut list)."""
        with self.db.read() as session:
            found = outgoing.outgoing_log(session, recipient, template, min(int(limit), 500), status)
            return dump(MessageOut, found, many=True)

    @rpc
    def sent_history(self, after_message_id: int = 0, limit: int = 1000) -> list[dict]:
        """Messages that reached a customer, oldest first, after `after_message_id`: what
        `message_sent` told, for rebuilding another service's read model."""
        with self.db.read() as session:
            return delivery.sent_history(session, int(after_message_id), min(int(limit), 5000))

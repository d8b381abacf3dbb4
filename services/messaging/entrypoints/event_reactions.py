"""What events send (M2): a case's confirmation and replies to its customer, reminders
and SLA warnings to staff, and an order's notices to its customer."""

from __future__ import annotations

from nameko.events import event_handler

from services.messaging import event_messages
from services.messaging.entrypoints import MessagingEntrypoints


class EventReactionsEntrypoints(MessagingEntrypoints):
    @event_handler("case", "case_opened")
    def on_case_opened(self, payload):
        """Confirm a new case to its customer with the case number (K2, M2). Not to an
        auto-reply (no mail loops), and for an unknown sender once the case has its
        customer (`case_customer_linked`)."""
        event_messages.confirm_case(self.db, payload, self._contacts, "messaging.on_case_opened")

    @event_handler("case", "case_customer_linked")
    def on_case_customer_linked(self, payload):
        event_messages.confirm_case(self.db, payload, self._contacts, "messaging.on_case_customer_linked")

    @event_handler("case", "case_replied")
    def on_case_replied(self, payload):
        """The agent's answer goes to the customer, once."""
        event_messages.reply_to_case(self.db, payload, self._contacts)

    @event_handler("case", "reminder_due")
    def on_reminder_due(self, payload):
        """Agenda reminders, reply deadlines and expiring documents, by e-mail (K12, K13)."""
        event_messages.remind_staff(self.db, payload)

    @event_handler("case", "sla_escalated")
    def on_sla_escalated(self, payload):
        """Warn the people the SLA step names, by e-mail and SMS (K5)."""
        event_messages.warn_staff(self.db, payload)

    @event_handler("order", "order_placed")
    def on_order_placed(self, payload):
        """Order confirmation (and what it waits for, if anything); an order soon after a
        campaign's message counts as its answer."""
        event_messages.order_placed(self.db, payload, self._contacts)

    @event_handler("order", "order_shipped")
    def on_order_shipped(self, payload):
        """Delivery notice with carrier and tracking number."""
        event_messages.tell(self.db, "order_shipped", payload, self._contacts)

    @event_handler("order", "delivery_delayed")
    def on_delivery_delayed(self, payload):
        event_messages.tell(self.db, "delivery_delayed", payload, self._contacts)

    @event_handler("order", "return_received")
    def on_return_received(self, payload):
        event_messages.tell(self.db, "return_received", payload, self._contacts)

    @event_handler("order", "refund_paid")
    def on_refund_paid(self, payload):
        event_messages.tell(self.db, "refund_paid", payload, self._contacts)

    @event_handler("order", "membership_ended")
    def on_membership_ended(self, payload):
        """The confirmation a club member gets on leaving (O9)."""
        event_messages.tell(self.db, "membership_ended", payload, self._contacts)

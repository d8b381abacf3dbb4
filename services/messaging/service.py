"""Messaging service entrypoints: templates, what events send, sending, campaigns and
documents (SPEC M1–M6).

Each entrypoint reads its input, calls one function of the module named for its area and
answers with the result; the modules hold what the service does. The customer service is
asked through contacts.Contacts, made here from the RPC proxy and the process cache."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy
from nameko.timer import timer

from crm_common.acting import Actor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.messaging import (
    CampaignIn,
    DocumentRenderIn,
    EventRuleOut,
    EventRulesIn,
    ManualMessageIn,
    MessageOut,
    OptOutIn,
    OptOutOut,
    TemplateIn,
    TemplateOut,
)
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from crm_common.health import Pingable
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.messaging import (
    campaigns,
    delivery,
    documents,
    event_messages,
    outgoing,
    personal_data,
    settings_admin,
    templates,
)
from services.messaging.contacts import Contacts
from services.messaging.models import OutboxMessage, ProcessedEvent

SETTINGS = load_settings()  # read once, at import: the timers' intervals are fixed with the class


class MessagingService(ForgetsChangedCustomers, Pingable):
    name = "messaging"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

    @property
    def _contacts(self) -> Contacts:
        """Name and addresses from the customer service, cached until the customer changes."""
        return Contacts(self.customers, self.customer_cache)

    # -- what events send (M2) -------------------------------------------------------------

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

    @event_handler("case", "case_message_received")
    def on_case_message_received(self, payload):
        """A customer's mail or SMS that answers a campaign's message is its reply."""
        campaigns.reply_received(self.db, payload, "messaging.campaign_replied")

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

    # -- sending (M5) ----------------------------------------------------------------------

    @timer(interval=SETTINGS.send_tick_seconds)
    def deliver_due(self):
        """Send what is queued (M5): claim a batch, send it with no transaction open, then
        record how each went (sent, back in the queue, or failed with the reason)."""
        delivery.send_due(self.db, utcnow(), load_settings())

    @rpc
    def list_messages(self, customer_id: int, limit: int = 50) -> list[dict]:
        """What was sent to the customer, newest first (MessageOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(
                MessageOut, outgoing.messages_to(session, customer_id, min(int(limit), 500)), many=True
            )

    # -- templates, event rules, opt-outs, manual messages (M1–M3, M5) -----------------------

    @rpc
    def save_template(self, name: str, language: str, channel: str, data: dict) -> dict:
        """Store a template (TemplateIn) for a name, language and channel (email, sms,
        letter, or partial); it must parse. Returns TemplateOut."""
        valid = load(TemplateIn, data, name=name, language=language, channel=channel)
        key = (valid["name"], valid["language"], valid["channel"])
        with self.db.transaction() as session:
            row = settings_admin.change_template(session, self.actor, key, valid, utcnow())
            return dump(TemplateOut, row)

    @rpc
    def list_templates(self) -> dict:
        """The stored templates, and the names of the built-in ones."""
        with self.db.read() as session:
            return {
                "stored": dump(TemplateOut, settings_admin.stored_templates(session), many=True),
                "built_in": sorted(templates.BUILT_IN),
            }

    @rpc
    def delete_template(self, name: str, language: str, channel: str) -> None:
        with self.db.transaction() as session:
            settings_admin.remove_template(session, self.actor, (name, language, channel))

    @rpc
    def set_event_rules(self, event_type: str, data: dict) -> list[dict]:
        """Which templates an event sends on which channels (EventRulesIn). Returns them."""
        valid = load(EventRulesIn, data)
        with self.db.transaction() as session:
            made = settings_admin.change_event_rules(session, self.actor, event_type, valid["rules"])
            return dump(EventRuleOut, made, many=True)

    @rpc
    def list_event_rules(self) -> list[dict]:
        with self.db.read() as session:
            return dump(EventRuleOut, settings_admin.event_rules(session), many=True)

    @rpc
    def opt_out(self, customer_id: int, data: dict) -> list[dict]:
        """No marketing on this channel (or of this newsletter) any more (OptOutIn).
        Returns the customer's opt-outs."""
        valid = load(OptOutIn, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            found = settings_admin.stop_marketing(
                session, customer_id, valid["channel"], valid["topic"], utcnow(), self.actor
            )
            return dump(OptOutOut, found, many=True)

    @rpc
    def opt_in(self, customer_id: int, data: dict) -> list[dict]:
        valid = load(OptOutIn, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            found = settings_admin.resume_marketing(
                session, customer_id, valid["channel"], valid["topic"], self.actor
            )
            return dump(OptOutOut, found, many=True)

    @rpc
    def list_opt_outs(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            found = settings_admin.opt_outs(session, positive_id(customer_id, "customer_id"))
            return dump(OptOutOut, found, many=True)

    @rpc
    def newsletters(self) -> list[str]:
        """The newsletters a customer can opt out of, one by one (their topics)."""
        with self.db.read() as session:
            return settings_admin.newsletters(session)

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
    def render_document(self, data: dict, customer_id: int | None = None) -> dict:
        """A letter-channel template (DocumentRenderIn: a quote, a contract, …) as a PDF
        for the customer: {"filename", "content" (base64)}. Nothing is sent or logged.
        Raises InvalidInput (no such letter template, a value it needs and was not given)."""
        valid = load(DocumentRenderIn, data)
        customer = self._contacts.customer(positive_id(customer_id, "customer_id")) if customer_id else None
        sender = load_settings().mail_from
        with self.db.read() as session:
            return documents.as_file(session, valid["template"], valid["values"], customer, sender)

    # -- campaigns (M4) --------------------------------------------------------------------

    @rpc
    def create_campaign(self, data: dict, by: str) -> dict:
        """A campaign (CampaignIn) in draft. Returns CampaignOut."""
        valid = load(CampaignIn, data)
        with self.db.transaction() as session:
            return campaigns.described(session, campaigns.create(session, valid, by, utcnow()))

    @rpc
    def move_campaign(self, campaign_id: int, action: str) -> dict:
        """`start` (or resume) or `pause`. Returns CampaignOut. Raises Conflict."""
        if action not in campaigns.MOVES:
            raise InvalidInput("start or pause", {"action": "start or pause"})
        campaign_id = positive_id(campaign_id, "campaign_id")
        with self.db.transaction() as session:
            campaign = campaigns.start_or_pause(session, campaign_id, action, utcnow())
            return campaigns.described(session, campaign)

    @rpc
    def get_campaign(self, campaign_id: int) -> dict:
        campaign_id = positive_id(campaign_id, "campaign_id")
        with self.db.read() as session:
            return campaigns.described(session, campaigns.get(session, campaign_id))

    @timer(interval=SETTINGS.send_tick_seconds)
    def advance_campaigns(self):
        """Each running campaign's next page, at its pace: members asked of the customer
        service with no transaction open, then queued with the cursor in one transaction."""
        campaigns.advance(self.db, self._contacts, utcnow())

    @rpc
    def sent_history(self, after_message_id: int = 0, limit: int = 1000) -> list[dict]:
        """Messages that reached a customer, oldest first, after `after_message_id`: what
        `message_sent` told, for rebuilding another service's read model."""
        with self.db.read() as session:
            return delivery.sent_history(session, int(after_message_id), min(int(limit), 5000))

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

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's messages and opt-outs now belong to the survivor (C7)."""
        personal_data.move_to_survivor(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """The messages sent to a customer and their opt-outs (GDPR art. 15):
        {"messages": MessageOut list, "opt_outs": OptOutOut list}."""
        with self.db.read() as session:
            return personal_data.export(session, [positive_id(customer_id, "customer_id")])

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """The person's messages keep date, channel and template and lose recipient and
        body; what still waited to go is not sent (art. 17)."""
        personal_data.erase_person(session, payload["data"])

"""Messaging service entrypoints."""

from __future__ import annotations

import base64
import os
import uuid
from datetime import datetime, timedelta

import eventlet
from nameko.events import event_handler
from nameko.rpc import RpcProxy
from nameko.timer import timer

from crm_common.acting import Actor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import claim, handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.messaging import (
    audit_trail,
    campaigns,
    delivery,
    documents,
    outgoing,
    personal_data,
    settings_admin,
    templates,
    transports,
)
from services.messaging import schemas as s
from services.messaging.models import Message, OutboxMessage, ProcessedEvent

SEND_TICK_SECONDS = float(os.environ.get("CRM_SEND_TICK_SECONDS", "1"))
SEND_BATCH = 200
SEND_CONNECTIONS = int(os.environ.get("CRM_SEND_CONNECTIONS", "2"))  # per channel, at once
RETRY_PAUSE = timedelta(seconds=float(os.environ.get("CRM_SEND_RETRY_SECONDS", "30")))


class MessagingService(ForgetsChangedCustomers, Pingable):
    name = "messaging"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

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
        if case.get("references") or case.get("channel") == "sms":
            self._campaign_reply(payload, f"{handler}.campaign_replied")
        if case.get("customer_id") is None or case.get("confirm") is False:
            return
        customer = self._contact(case["customer_id"])
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], handler):
                return
            for message in outgoing.confirm_case(session, case, customer):
                self._recorded(session, message)

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
        data = payload["data"]
        customer = self._contact(data["customer_id"])
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], f"messaging.{event_type}"):
                return
            for message in outgoing.tell(session, event_type, payload["event_id"], customer, data):
                self._recorded(session, message)

    @event_handler("order", "order_placed")
    def on_order_placed(self, payload):
        """Order confirmation (and what it waits for, if anything); an order soon after a
        campaign's message counts as its answer."""
        self._tell("order_placed", payload)
        data = payload["data"]
        with self.db.transaction() as session:
            if claim(session, ProcessedEvent, payload["event_id"], "messaging.campaign_ordered"):
                campaigns.ordered(
                    session, data["customer_id"], datetime.fromisoformat(payload["occurred_at"])
                )

    @event_handler("case", "case_message_received")
    def on_case_message_received(self, payload):
        """A customer's mail or SMS that answers a campaign's message is its reply."""
        self._campaign_reply(payload, "messaging.campaign_replied")

    def _campaign_reply(self, payload: dict, handler: str) -> None:
        data = payload["data"]
        with self.db.transaction() as session:
            if claim(session, ProcessedEvent, payload["event_id"], handler):
                at = datetime.fromisoformat(payload["occurred_at"])
                campaigns.replied(
                    session,
                    data.get("references") or [],
                    data.get("customer_id"),
                    at,
                    data.get("channel", "email"),
                )

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

    @timer(interval=SEND_TICK_SECONDS)
    def deliver_due(self):
        """Send what is queued (M5): claim a batch, send it with no transaction open, then
        record how each went (sent, back in the queue, or failed with the reason)."""
        now = utcnow()
        with self.db.transaction() as session:
            delivery.interrupted(session, now)
            batch = delivery.claim(session, now, SEND_BATCH)
        if not batch:
            return
        settings = load_settings()
        parts = transports.parts(batch, SEND_CONNECTIONS)
        pool = eventlet.GreenPool(len(parts))
        outcomes = [
            outcome
            for done in pool.imap(
                lambda part: transports.send_each(part, self._transport(part[0].channel, settings)), parts
            )
            for outcome in done
        ]
        done = utcnow()
        with self.db.transaction() as session:
            for message, outcome, detail in outcomes:
                if outcome == "sent":
                    ref, header = detail
                    delivery.sent(session, message.id, ref, header or message.message_id, done)
                    record(
                        session,
                        OutboxMessage,
                        "message_sent",
                        {
                            "message_id": message.id,
                            "customer_id": message.customer_id,
                            "channel": message.channel,
                            "template": message.template,
                            "sent_at": done.isoformat(),
                        },
                    )
                elif outcome == "retry":
                    delivery.retry_later(session, message, detail, done, RETRY_PAUSE)
                else:
                    delivery.failed(session, message.id, detail)

    @staticmethod
    def _transport(channel: str, settings):
        if channel == "email":
            if settings.smtp_url:
                address = transports.SmtpAddress.parse(settings.smtp_url)
                return transports.SmtpTransport(address, settings.mail_from, settings.mail_domain)
            return transports.FileTransport(
                settings.data_dir / "mail", settings.mail_from, settings.mail_domain
            )
        if channel == "letter":
            return transports.LetterTransport(settings.data_dir / "letters", settings.mail_from)
        if channel == "sms" and settings.sms_url:
            return transports.SmsTransport(settings.sms_url, settings.sms_key)
        return None

    @rpc
    def list_messages(self, customer_id: int, limit: int = 50) -> list[dict]:
        """What was sent to the customer, newest first (MessageOut list)."""
        with self.db.read() as session:
            return s.message_out.dump(
                outgoing.messages_to(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    # -- templates, event rules, opt-outs, manual messages (M1–M3, M5) -----------------------

    @rpc
    def save_template(self, name: str, language: str, channel: str, data: dict) -> dict:
        """Store a template (TemplateIn) for a name, language and channel (email, sms,
        letter, or partial); it must parse. Returns TemplateOut."""
        valid = load(s.template_in, data, name=name, language=language, channel=channel)
        key = (valid["name"], valid["language"], valid["channel"])
        with self.db.transaction() as session:
            before = audit_trail.template(session, *key)
            row = settings_admin.save_template(session, *key, valid, utcnow())
            audit_trail.record_template(session, self.actor, key, before, audit_trail.template(session, *key))
            return s.template_out.dump(row)

    @rpc
    def list_templates(self) -> dict:
        """The stored templates, and the names of the built-in ones."""
        with self.db.read() as session:
            return {
                "stored": s.template_out.dump(settings_admin.stored_templates(session), many=True),
                "built_in": sorted(templates.BUILT_IN),
            }

    @rpc
    def delete_template(self, name: str, language: str, channel: str) -> None:
        with self.db.transaction() as session:
            before = audit_trail.template(session, name, language, channel)
            settings_admin.delete_template(session, name, language, channel)
            after = dict.fromkeys(before)
            audit_trail.record_template(session, self.actor, (name, language, channel), before, after)

    @rpc
    def set_event_rules(self, event_type: str, data: dict) -> list[dict]:
        """Which templates an event sends on which channels (EventRulesIn). Returns them."""
        valid = load(s.event_rules_in, data)
        with self.db.transaction() as session:
            before = audit_trail.rules(session, event_type)
            made = settings_admin.set_event_rules(session, event_type, valid["rules"])
            audit_trail.record_rules(
                session, self.actor, event_type, before, audit_trail.rules(session, event_type)
            )
            return s.event_rule_out.dump(made, many=True)

    @rpc
    def list_event_rules(self) -> list[dict]:
        with self.db.read() as session:
            return s.event_rule_out.dump(settings_admin.event_rules(session), many=True)

    @rpc
    def opt_out(self, customer_id: int, data: dict) -> list[dict]:
        """No marketing on this channel (or of this newsletter) any more (OptOutIn).
        Returns the customer's opt-outs."""
        valid = load(s.opt_out_in, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            settings_admin.opt_out(session, customer_id, valid["channel"], valid["topic"], utcnow())
            return s.opt_out_out.dump(settings_admin.opt_outs(session, customer_id), many=True)

    @rpc
    def opt_in(self, customer_id: int, data: dict) -> list[dict]:
        valid = load(s.opt_out_in, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            settings_admin.opt_in(session, customer_id, valid["channel"], valid["topic"])
            return s.opt_out_out.dump(settings_admin.opt_outs(session, customer_id), many=True)

    @rpc
    def list_opt_outs(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            found = settings_admin.opt_outs(session, positive_id(customer_id, "customer_id"))
            return s.opt_out_out.dump(found, many=True)

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
        valid = load(s.manual_message_in, data)
        if not isinstance(secret_values or {}, dict):
            raise InvalidInput("secret values are a mapping", {"secret_values": "not a mapping"})
        customer = self._contact(positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            message = outgoing.compose(
                session,
                valid["template"],
                f"manual:{uuid.uuid4()}",
                customer,
                {"text": valid["text"], "agent": sent_by, **valid["values"]},
                channel=valid["channel"],
                language=valid["language"],
                secret_values=secret_values,
            )
            self._recorded(session, message)
            return s.message_out.dump(message)

    @rpc
    def render_document(self, data: dict, customer_id: int | None = None) -> dict:
        """A letter-channel template (DocumentRenderIn: a quote, a contract, …) as a PDF
        for the customer: {"filename", "content" (base64)}. Nothing is sent or logged.
        Raises InvalidInput (no such letter template, a value it needs and was not given)."""
        valid = load(s.document_render_in, data)
        customer = self._contact(positive_id(customer_id, "customer_id")) if customer_id else None
        settings = load_settings()
        with self.db.read() as session:
            pdf = documents.render(session, valid["template"], valid["values"], customer, settings.mail_from)
        return {"filename": f"{valid['template']}.pdf", "content": base64.b64encode(pdf).decode()}

    # -- campaigns (M4) --------------------------------------------------------------------

    @rpc
    def create_campaign(self, data: dict, by: str) -> dict:
        """A campaign (CampaignIn) in draft. Returns CampaignOut."""
        valid = load(s.campaign_in, data)
        with self.db.transaction() as session:
            return self._campaign(session, campaigns.create(session, valid, by, utcnow()))

    @rpc
    def move_campaign(self, campaign_id: int, action: str) -> dict:
        """`start` (or resume) or `pause`. Returns CampaignOut. Raises Conflict."""
        if action not in campaigns.MOVES:
            raise InvalidInput("start or pause", {"action": "start or pause"})
        with self.db.transaction() as session:
            campaign = campaigns.get(session, positive_id(campaign_id, "campaign_id"))
            return self._campaign(session, campaigns.move(session, campaign, action, utcnow()))

    @rpc
    def get_campaign(self, campaign_id: int) -> dict:
        with self.db.read() as session:
            return self._campaign(session, campaigns.get(session, positive_id(campaign_id, "campaign_id")))

    def _campaign(self, session, campaign) -> dict:
        return {**s.campaign_out.dump(campaign), "results": campaigns.results(session, campaign)}

    @timer(interval=SEND_TICK_SECONDS)
    def advance_campaigns(self):
        """Each running campaign's next page, at its pace: members asked of the customer
        service with no transaction open, then queued with the cursor in one transaction."""
        now = utcnow()
        with self.db.read() as session:
            due = [
                (c.id, c.selection_id, c.cursor, campaigns.due_now(c, now))
                for c in campaigns.running(session)
            ]
        for campaign_id, selection_id, cursor, allowed in due:
            if allowed < 1:
                continue
            members = self.customers.selection_contacts(selection_id, min(allowed, 500), cursor)
            with self.db.transaction() as session:
                campaign = campaigns.get(session, campaign_id)
                for message in campaigns.send_page(session, campaign, members, cursor, now):
                    self._recorded(session, message)

    @rpc
    def sent_history(self, after_message_id: int = 0, limit: int = 1000) -> list[dict]:
        """Messages that reached a customer, oldest first, after `after_message_id`: what
        `message_sent` told, for rebuilding another service's read model."""
        with self.db.read() as session:
            found = outgoing.sent_after(session, int(after_message_id), min(int(limit), 5000))
            return [
                {
                    "message_id": m.id,
                    "customer_id": m.customer_id,
                    "template": m.template,
                    "channel": m.channel,
                    "sent_at": m.sent_at.isoformat(),
                }
                for m in found
            ]

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
            return s.message_out.dump(found, many=True)

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's messages and opt-outs now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Message, data["merged_id"], data["survivor_id"])
        settings_admin.move_opt_outs(session, data["merged_id"], data["survivor_id"])

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
        personal_data.erase(session, payload["data"]["customer_ids"])
        personal_data.erase_sent_to(session, payload["data"])  # sent while no customer id named them

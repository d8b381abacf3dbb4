"""Case service entrypoints: intake from every channel, the journal, routing and the SLA."""

from __future__ import annotations

import base64
import binascii
import os
import uuid
from datetime import datetime, timezone

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy
from nameko.timer import timer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm_common import months
from crm_common.clock import utcnow
from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput, NotFound
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import claim, handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.case import (
    agenda,
    assigning,
    calls,
    cases,
    escalation,
    inbound,
    intake,
    journal,
    knowledge,
    mailbox,
    papers,
    personal_data,
    reminders,
    replies,
    reports,
    routing_admin,
    sla,
    sla_admin,
)
from services.case import schemas as s
from services.case.models import (
    AgendaItem,
    CallRegistration,
    Case,
    Correspondence,
    Document,
    OutboxMessage,
    PersonalEntry,
    ProcessedEvent,
)

SLA_TICK_SECONDS = float(os.environ.get("CRM_SLA_TICK_SECONDS", "5"))
IMAP_POLL_SECONDS = float(os.environ.get("CRM_IMAP_POLL_SECONDS", "30"))
MAIL_DOMAIN = os.environ.get("CRM_MAIL_DOMAIN", "crm.invalid")
MAX_SENDER_MATCHES = 10  # customers sharing one address whose cases its mail may join


class CaseService(Pingable):
    name = "case"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    orders = RpcProxy("order")
    config = Config()

    # -- opening and reading cases (K1, K2) ------------------------------------------------

    @rpc
    def open_case(self, data: dict, opened_by: str) -> dict:
        """Open a case for a customer (CaseCreate) on behalf of `opened_by` (a username);
        routing gives it to an agent (or `assignee` if named). Returns CaseOut with its
        number. Raises InvalidInput (unknown customer or agent, bad fields). Emits
        `case_opened`, which makes messaging confirm it to the customer."""
        valid = load(s.case_create, data)
        customer = self._customer(valid["customer_id"])
        now = utcnow()
        with self.db.transaction() as session:
            case = cases.open_case(session, valid, opened_by, cases.profile(customer), now)
            journal.add(
                session,
                case,
                "message",
                case.description or case.subject,
                opened_by,
                now,
                visibility="public",
                direction="in",
                channel=case.channel,
                subject=case.subject,
            )
            self._opened(session, case, confirm=True)
            return s.case_out.dump(case)

    @rpc
    def get_case(self, case_id: int) -> dict:
        """One case (CaseOut). Raises NotFound."""
        with self.db.read() as session:
            return s.case_out.dump(cases.get_case(session, positive_id(case_id, "case_id")))

    @rpc
    def list_cases(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's cases, newest first (CaseOut list)."""
        with self.db.read() as session:
            return s.case_out.dump(
                cases.cases_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @rpc
    def list_queue(
        self, queue: str | None = None, assignee: str | None = None, limit: int = 100
    ) -> list[dict]:
        """Open and pending cases of a queue or an agent, most urgent and oldest first."""
        with self.db.read() as session:
            found = assigning.active_cases(session, queue, assignee, min(int(limit), 500))
            return s.case_out.dump(found, many=True)

    # -- what customers send (K1) ----------------------------------------------------------

    @rpc
    def receive_mail(self, raw_base64: str) -> dict:
        """A raw RFC 822 mail, base64-encoded: journaled on its case (case number in the
        subject, or the thread's In-Reply-To/References) when the sender is that case's
        customer (intake.may_continue), else a new case. An unknown sender is registered
        through the customer register's matching (a look-alike waits for review, the case
        with it). The same Message-ID twice from the same sender journals once. Returns
        InboundOut. Raises InvalidInput (no sender, not a mail)."""
        try:
            raw = base64.b64decode(raw_base64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise InvalidInput("the mail must be base64", {"_body": "not base64"}) from None
        return self._receive(inbound.read_mail(raw))

    @rpc
    def receive_message(self, data: dict) -> dict:
        """An SMS, chat or web-form message (InboundMessageIn), threaded like mail (the
        case number in the text). Returns InboundOut."""
        return self._receive(inbound.read_message(load(s.inbound_message_in, data)))

    @timer(interval=IMAP_POLL_SECONDS)
    def poll_mailbox(self):
        """Take in the unseen mail of the configured IMAP folder (CRM_IMAP_URL; nothing
        when unset), each exactly as `receive_mail` does."""
        url = self.config.get("IMAP_URL") or os.environ.get("CRM_IMAP_URL")
        if url:
            mailbox.poll(mailbox.MailboxAddress.parse(url), lambda raw: self._receive(inbound.read_mail(raw)))

    def _receive(self, message: inbound.Inbound) -> dict:
        with self.db.read() as session:
            found = intake.already_received(session, message)
            if found is not None:
                return self._received(found)
            named = any(True for _ in intake.named_cases(session, message))
        # who wrote is looked up (or registered) before the transaction: no lock waits on RPC
        sender = self._identify(message) if named else intake.Sender(message.sender_address)
        with self.db.read() as session:
            thread = intake.thread_of(session, message, sender)
            continues = thread is not None and thread.status != "closed"
        customer, review_id = ({}, None) if continues else self._sender(message)
        now = utcnow()
        try:
            with self.db.transaction() as session:
                got = intake.receive(session, message, customer, now, review_id, sender=sender)
                if got.opened:
                    self._opened(
                        session, got.case, confirm=not message.automatic, references=message.references
                    )
                elif not got.duplicate:
                    record(
                        session,
                        OutboxMessage,
                        "case_message_received",
                        {
                            "case_id": got.case.id,
                            "number": got.case.number,
                            "customer_id": got.case.customer_id,
                            "entry_id": got.entry.id,
                            "channel": message.channel,
                            "references": message.references,
                        },
                    )
                return self._received(got)
        except IntegrityError:  # the same message arrived twice at once: the other one won
            with self.db.read() as session:
                found = intake.already_received(session, message)
                if found is None:
                    raise
                return self._received(found)

    # -- what a signed-in customer sees and writes (K1, K3) ---------------------------------

    @rpc
    def customer_cases(self, customer_id: int) -> list[dict]:
        """A customer's own cases, newest first (PortalCaseOut list: nothing internal)."""
        with self.db.read() as session:
            found = cases.cases_of(session, positive_id(customer_id, "customer_id"), 100)
            return s.portal_case_out.dump(found, many=True)

    @rpc
    def customer_case(self, customer_id: int, case_id: int) -> dict:
        """One of the customer's own cases with its public journal only (CustomerCaseOut).
        NotFound for a case that is not theirs (its existence is not revealed)."""
        with self.db.read() as session:
            case = self._own(session, customer_id, case_id)
            entries = journal.entries(session, case.id, public_only=True)
            return s.customer_case_out.dump({"case": case, "journal": entries})

    @rpc
    def customer_writes(self, customer_id: int, data: dict, case_id: int | None = None) -> dict:
        """A customer's new inquiry from the web form, or a comment on their own case
        (CustomerMessageIn): journaled as a public message; a solved case opens again. A
        new inquiry that quotes a case number joins that case only when it is theirs.
        Returns PortalInboundOut."""
        valid = load(s.customer_message_in, data)
        customer = self._customer(positive_id(customer_id, "customer_id"))
        address = next((e["address"] for e in customer.get("emails") or []), f"customer-{customer['id']}")
        message = inbound.Inbound(
            channel="web",
            sender_address=address,
            sender_name=customer["name"],
            subject=valid.get("subject") or valid["text"][:80],
            text=valid["text"],
            message_id=f"<web.{uuid.uuid4().hex}@inbound.invalid>",
        )
        now = utcnow()
        with self.db.transaction() as session:
            case = self._own(session, customer["id"], case_id) if case_id is not None else None
            if case is None and not valid.get("subject"):
                raise InvalidInput("a new inquiry needs a subject", {"subject": "missing"})
            # the signed-in customer writes on their own cases only, whatever number they quote
            sender = intake.Sender(None, frozenset({customer["id"]}))
            got = intake.receive(session, message, cases.profile(customer), now, case=case, sender=sender)
            if got.opened:
                self._opened(session, got.case, confirm=True)
            return s.portal_inbound_out.dump(
                {"case": got.case, "entry_id": got.entry.id, "opened": got.opened, "duplicate": got.duplicate}
            )

    def _own(self, session, customer_id: int, case_id: int) -> Case:
        case = session.get(Case, positive_id(case_id, "case_id"))
        if case is None or case.customer_id != positive_id(customer_id, "customer_id"):
            raise NotFound(f"case {case_id} does not exist", {"case_id": "not found"})
        return case

    def _identify(self, message: inbound.Inbound) -> intake.Sender:
        """Who the message is from, for threading: the customers holding its address or
        number and the organisations they are contact persons of. Registers nobody."""
        try:
            if message.channel == "sms":
                found = [m["customer"] for m in self.customers.find_by_phone(message.sender_address)]
            else:
                found = self.customers.find_by_email(message.sender_address)
        except InvalidInput:  # not a phone number: nobody's
            found = []
        customers = []
        for match in found[:MAX_SENDER_MATCHES]:
            try:
                customers.append(self.customers.get_customer(match["id"]))
            except NotFound:
                continue
        return intake.sender_of(message.sender_address, customers, utcnow().date())

    def _sender(self, message: inbound.Inbound) -> tuple[dict, int | None]:
        """The sender's customer profile, registering an unknown sender; a look-alike
        waits in the register's review queue: ({}, review_id)."""
        if message.channel == "sms":
            try:
                matches = [m["customer"] for m in self.customers.find_by_phone(message.sender_address)]
            except InvalidInput:
                raise InvalidInput(
                    "the sender is not a phone number", {"sender": "not a phone number"}
                ) from None
            contact = {"phones": [{"number": message.sender_address, "label": "mobile"}]}
        else:
            matches = self.customers.find_by_email(message.sender_address)
            contact = {"emails": [{"address": message.sender_address}]}
        if matches:
            return cases.profile(self.customers.get_customer(matches[0]["id"])), None
        registration = self.customers.submit_registration(
            {
                "customer": {
                    "kind": "person",
                    "name": message.sender_name or message.sender_address,
                    **contact,
                },
                "source": "inbound_message",
                "reference": message.message_id[:100],
            },
            "intake",
        )
        if registration["status"] != "created":
            return {}, registration["review_id"]
        return cases.profile(self.customers.get_customer(registration["customer_id"])), None

    def _received(self, got: intake.Received) -> dict:
        return s.inbound_out.dump(
            {"case": got.case, "entry_id": got.entry.id, "opened": got.opened, "duplicate": got.duplicate}
        )

    def _opened(self, session, case: Case, confirm: bool, references: list | None = None) -> None:
        record(
            session,
            OutboxMessage,
            "case_opened",
            {
                "case_id": case.id,
                "number": case.number,
                "customer_id": case.customer_id,
                "subject": case.subject,
                "channel": case.channel,
                "assignee": case.assignee,
                "queue": case.queue,
                "confirm": confirm,
                "references": references or [],
            },
        )

    def _customer(self, customer_id: int) -> dict:
        try:
            # A merged-away id resolves to the customer it was merged into.
            return self.customers.get_customer(customer_id)
        except NotFound:
            raise InvalidInput("no such customer", {"customer_id": "not found"}) from None

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload):
        """An unknown sender's registration was decided: their cases get the customer."""
        data = payload["data"]
        if data.get("source") != "inbound_message" or data.get("customer_id") is None:
            return
        customer = self.customers.get_customer(data["customer_id"])
        now = utcnow()
        with self.db.transaction() as session:
            if not claim(session, ProcessedEvent, payload["event_id"], "case.on_review_decided"):
                return
            for case in session.scalars(select(Case).where(Case.review_id == data["review_id"])):
                cases.link_customer(session, case, customer, "review", now)
                self._linked(session, case)

    @rpc
    def link_customer(self, case_id: int, data: dict, by: str) -> dict:
        """Tie a case from an unknown sender to a customer (LinkCustomerIn). Returns
        CaseOut. Emits `case_customer_linked` (messaging then confirms the case)."""
        valid = load(s.link_in, data)
        customer = self._customer(valid["customer_id"])
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            cases.link_customer(session, case, customer, by, utcnow())
            self._linked(session, case)
            return s.case_out.dump(case)

    def _linked(self, session, case: Case) -> None:
        record(
            session,
            OutboxMessage,
            "case_customer_linked",
            {
                "case_id": case.id,
                "number": case.number,
                "customer_id": case.customer_id,
                "subject": case.subject,
            },
        )

    # -- the journal (K3) ------------------------------------------------------------------

    @rpc
    def get_journal(self, case_id: int, public_only: bool = False) -> list[dict]:
        """The case's journal, oldest first (JournalEntryOut list). `public_only` is what
        the customer may see. Raises NotFound."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return s.journal_out.dump(journal.entries(session, case.id, bool(public_only)), many=True)

    @rpc
    def get_attachment(self, case_id: int, attachment_id: int, public_only: bool = False) -> dict:
        """One attachment's bytes (base64) with its name and type. Raises NotFound."""
        with self.db.read() as session:
            found = journal.attachment(
                session, positive_id(case_id, "case_id"), positive_id(attachment_id, "attachment_id")
            )
            if found is None or (public_only and found.entry.visibility != "public"):
                raise NotFound("no such attachment on this case", {"attachment_id": "not found"})
            return {
                "filename": found.filename,
                "content_type": found.content_type,
                "content": base64.b64encode(found.content).decode(),
            }

    @rpc
    def reply(self, case_id: int, data: dict, author: str) -> dict:
        """The agent answers the customer (ReplyIn): a public journal entry, the SLA's
        response, and `case_replied` for messaging to send. Returns JournalEntryOut.
        Raises NotFound, Conflict (closed), InvalidInput."""
        valid = load(s.reply_in, data)
        body = valid["body"]
        if valid["template_id"] is not None:
            body = self._render(positive_id(case_id, "case_id"), valid, author)
        now = utcnow()
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            entry = cases.reply(session, case, body, author, now, valid["then"])
            entry.message_id = journal.outgoing_message_id(case, entry, MAIL_DOMAIN)
            last_in = journal.last_inbound(session, case.id)
            record(
                session,
                OutboxMessage,
                "case_replied",
                {
                    "case_id": case.id,
                    "number": case.number,
                    "customer_id": case.customer_id,
                    "recipient": case.sender_address,
                    "entry_id": entry.id,
                    "subject": entry.subject,
                    "body": entry.body,
                    "author": author,
                    "message_id": entry.message_id,
                    "in_reply_to": last_in.message_id if last_in else None,
                    "channel": entry.channel,
                },
            )
            session.flush()
            return s.journal_out.dump(entry)

    @rpc
    def render_reply(self, case_id: int, data: dict, author: str) -> dict:
        """A reply template filled for this case (RenderIn): the customer's, the case's and
        the order's data, and the agent's `text`. Returns RenderOut. Raises InvalidInput
        (no such template, a value the case lacks, an order of someone else)."""
        valid = load(s.render_in, data)
        return {"body": self._render(positive_id(case_id, "case_id"), valid, author)}

    def _render(self, case_id: int, valid: dict, author: str) -> str:
        """Read the case and the template, ask for the customer and the order (no
        database session open across the calls), then fill in."""
        with self.db.read() as session:
            case = replies.case_values(cases.get_case(session, case_id))
            template = replies.get(session, valid["template_id"]).body
        customer_id = case["customer_id"]
        customer = self.customers.get_customer(customer_id) if customer_id else None
        order = None
        if valid.get("order_id"):
            order = self.orders.get_order(valid["order_id"])
            if order["customer_id"] != customer_id:
                raise InvalidInput("the order is another customer's", {"order_id": "not this customer's"})
        text = valid.get("text") if "text" in valid else valid.get("body", "")
        return replies.render(template, replies.values(case, customer, order, author, text))

    @rpc
    def create_reply_template(self, data: dict) -> dict:
        """A reply template (ReplyTemplateIn); it must parse. Returns ReplyTemplateOut.
        Raises Conflict (name taken in that language)."""
        valid = load(s.reply_template_in, data)
        with self.db.transaction() as session:
            return s.reply_template_out.dump(replies.create(session, valid))

    @rpc
    def list_reply_templates(self, language: str | None = None) -> list[dict]:
        with self.db.read() as session:
            return s.reply_template_out.dump(replies.listed(session, language), many=True)

    # -- knowledge (K6, K7) ----------------------------------------------------------------

    @rpc
    def publish_faq(self, data: dict, author: str) -> dict:
        """An FAQ answer (FaqIn), searchable at once. Returns FaqOut."""
        valid = load(s.faq_in, data)
        with self.db.transaction() as session:
            return s.faq_out.dump(knowledge.publish(session, valid, author, utcnow()))

    @rpc
    def update_faq(self, faq_id: int, data: dict) -> dict:
        """Replace an FAQ answer (FaqIn). Returns FaqOut. Raises NotFound."""
        valid = load(s.faq_in, data)
        with self.db.transaction() as session:
            return s.faq_out.dump(knowledge.change(session, positive_id(faq_id, "faq_id"), valid, utcnow()))

    @rpc
    def get_faq(self, faq_id: int, published_only: bool = False) -> dict:
        with self.db.read() as session:
            entry = knowledge.get(session, positive_id(faq_id, "faq_id"))
            if published_only and not entry.published:
                raise NotFound(f"FAQ entry {faq_id} does not exist", {"faq_id": "not found"})
            return s.faq_out.dump(entry)

    @rpc
    def search_faq(
        self, query: str = "", filters: dict | None = None, published_only: bool = True, limit: int = 20
    ) -> list[dict]:
        """FAQ answers for `query`, best first (full-text, in `filters["language"]` when
        given), narrowed by industry, product and problem. FaqOut list with `score`."""
        with self.db.read() as session:
            found = knowledge.find(
                session, str(query or ""), filters or {}, bool(published_only), min(int(limit), 100)
            )
            return [{**s.faq_out.dump(entry), "score": score} for entry, score in found]

    @rpc
    def similar(self, case_id: int, limit: int = 5) -> dict:
        """The solved cases and FAQ answers most like this case, best first (SimilarOut)."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            found = knowledge.similar(session, case, min(int(limit), 50))
            return {
                "cases": [
                    {**s.similar_case_out.dump(c), "score": score, "solution": answer}
                    for c, score, answer in found["cases"]
                ],
                "faq": [{**s.faq_out.dump(entry), "score": score} for entry, score in found["faq"]],
            }

    @rpc
    def add_note(self, case_id: int, data: dict, author: str) -> dict:
        """A note on the journal (NoteIn), internal unless marked public. Returns
        JournalEntryOut."""
        valid = load(s.note_in, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            entry = journal.add(
                session, case, "note", valid["body"], author, utcnow(), visibility=valid["visibility"]
            )
            return s.journal_out.dump(entry)

    @rpc
    def set_status(self, case_id: int, data: dict, by: str) -> dict:
        """Move the case (StatusIn): pending pauses the SLA clock, solved stops it and
        frees the agent. Returns CaseOut. Raises Conflict (a move not allowed)."""
        valid = load(s.status_in, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            before = case.status
            cases.set_status(session, case, valid["status"], by, utcnow())
            record(
                session,
                OutboxMessage,
                f"case_{valid['status']}"
                if valid["status"] in ("solved", "closed")
                else "case_status_changed",
                {
                    "case_id": case.id,
                    "number": case.number,
                    "customer_id": case.customer_id,
                    "from": before,
                    "to": case.status,
                },
            )
            return s.case_out.dump(case)

    # -- routing (K4) ----------------------------------------------------------------------

    @rpc
    def assign(self, case_id: int, data: dict, by: str) -> dict:
        """Give the case to a named agent (AssignIn). Returns AssignmentOut. Raises
        Conflict (agent away or full, case closed), InvalidInput (no such agent)."""
        valid = load(s.assign_in, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = assigning.assign_to(session, case, valid["agent"], by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return s.assignment_out.dump(assignment)

    @rpc
    def reroute(self, case_id: int, by: str) -> dict:
        """Run the case through the routing rules again. Returns AssignmentOut."""
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            if case.status not in assigning.ACTIVE:
                raise InvalidInput(f"case {case.number} is {case.status}", {"status": case.status})
            assignment = assigning.route_case(session, case, utcnow(), by=by)
            session.flush()  # the assignment's id, for the answer
            return s.assignment_out.dump(assignment)

    @rpc
    def list_assignments(self, case_id: int) -> list[dict]:
        """Every assignment of the case with its reason, oldest first."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return s.assignment_out.dump(assigning.history(session, case.id), many=True)

    @rpc
    def save_agent(self, username: str, data: dict) -> dict:
        """Create or change an agent (AgentIn). A new agent starts offline. Returns AgentOut."""
        valid = load(s.agent_in, data)
        with self.db.transaction() as session:
            return s.agent_out.dump(routing_admin.save_agent(session, username, valid, utcnow()))

    @rpc
    def list_agents(self) -> list[dict]:
        with self.db.read() as session:
            return s.agent_out.dump(routing_admin.agents(session), many=True)

    @rpc
    def set_presence(self, username: str, data: dict) -> dict:
        """Available, away or offline (PresenceIn). Leaving hands the agent's open cases
        to others by the same rules; arriving picks up waiting cases. Returns PresenceOut."""
        valid = load(s.presence_in, data)
        with self.db.transaction() as session:
            agent, moved = assigning.set_presence(session, username, valid["presence"], utcnow())
            session.flush()  # the moved cases' assignment ids, for the answer
            return s.presence_out.dump({"agent": agent, "moved": moved})

    @rpc
    def create_rule(self, data: dict) -> dict:
        """Add a routing rule (RuleIn). Returns RuleOut. Raises Conflict (name taken)."""
        valid = load(s.rule_in, data)
        with self.db.transaction() as session:
            return s.rule_out.dump(routing_admin.create_rule(session, valid))

    @rpc
    def update_rule(self, rule_id: int, data: dict) -> dict:
        """Replace a routing rule (RuleIn). Returns RuleOut. Raises NotFound."""
        valid = load(s.rule_in, data)
        with self.db.transaction() as session:
            return s.rule_out.dump(routing_admin.update_rule(session, positive_id(rule_id, "rule_id"), valid))

    @rpc
    def delete_rule(self, rule_id: int) -> None:
        with self.db.transaction() as session:
            routing_admin.delete_rule(session, positive_id(rule_id, "rule_id"))

    @rpc
    def list_rules(self) -> list[dict]:
        with self.db.read() as session:
            return s.rule_out.dump(routing_admin.rules(session), many=True)

    @rpc
    def get_weights(self) -> dict:
        with self.db.read() as session:
            return routing_admin.weights(session)

    @rpc
    def set_weights(self, data: dict) -> dict:
        """Change how much each key counts (WeightsIn, any of them). Returns all weights."""
        valid = load(s.weights_in, data)
        with self.db.transaction() as session:
            return routing_admin.set_weights(session, valid)

    # -- calls and reports (K9, K10) -------------------------------------------------------

    @rpc
    def create_call_type(self, data: dict) -> dict:
        valid = load(s.call_type_in, data)
        with self.db.transaction() as session:
            return s.call_type_out.dump(calls.add_type(session, valid["name"]))

    @rpc
    def list_call_types(self) -> list[dict]:
        with self.db.read() as session:
            return s.call_type_out.dump(calls.types(session), many=True)

    @rpc
    def register_call(self, data: dict, agent: str) -> dict:
        """The type of a call (CallRegistrationIn), by the agent who took it. Returns
        CallRegistrationOut. Raises InvalidInput (unknown type or case), Conflict (the
        call is registered already)."""
        valid = load(s.call_registration_in, data)
        with self.db.transaction() as session:
            return s.call_registration_out.dump(calls.register(session, valid, agent, utcnow()))

    @rpc
    def call_counts(self, period: dict, by: str = "type") -> list[dict]:
        """Calls per month and type; `by` agent or agency adds that (CallCountOut list)."""
        if by not in calls.BY:
            raise InvalidInput("by is type, agent or agency", {"by": "type, agent or agency"})
        first, last = months.period(period)
        with self.db.read() as session:
            return calls.counts(session, first, last, by)

    @rpc
    def case_report(self, period: dict, by: str = "agent") -> list[dict]:
        """Opened, solved, open, average first-response and resolution minutes and SLA
        kept, per month and agent, queue, category or channel (CaseReportOut list)."""
        if by not in reports.GROUPS:
            raise InvalidInput(
                "by is agent, queue, category or channel", {"by": "agent, queue, category or channel"}
            )
        first, last = months.period(period)
        with self.db.read() as session:
            return reports.cases(session, first, last, by)

    # -- the agenda and the registers of paper (K12, K13) -----------------------------------

    @rpc
    def add_agenda_item(self, data: dict, owner: str) -> dict:
        """A booking, meeting, task or watch (AgendaItemIn) in `owner`'s name. Returns
        AgendaItemOut. Raises InvalidInput, Conflict (the resource is booked then)."""
        valid = load(s.agenda_item_in, data)
        with self.db.transaction() as session:
            return s.agenda_item_out.dump(agenda.add(session, valid, owner, utcnow()))

    @rpc
    def agenda_between(
        self, username: str | None, start: str, end: str, kinds: list | None = None
    ) -> list[dict]:
        """Everyone's bookings and `username`'s own items (all items for None) that
        overlap [start, end) (ISO times). AgendaItemOut list."""
        first, last = _moment(start, "from"), _moment(end, "to")
        if last <= first:
            raise InvalidInput("the period ends before it starts", {"to": "not after from"})
        with self.db.read() as session:
            return s.agenda_item_out.dump(
                agenda.items(session, username, first, last, tuple(kinds or ())), many=True
            )

    @rpc
    def open_tasks(self, username: str) -> list[dict]:
        with self.db.read() as session:
            return s.agenda_item_out.dump(agenda.open_tasks(session, username), many=True)

    @rpc
    def at_login(self, username: str) -> list[dict]:
        """Items marked to pop up at login that are due and not done."""
        with self.db.read() as session:
            return s.agenda_item_out.dump(agenda.at_login(session, username, utcnow()), many=True)

    @rpc
    def finish_agenda_item(self, item_id: int, username: str, cancel: bool = False) -> dict:
        """Mark a task done (or cancel any item); its reminder is dropped."""
        with self.db.transaction() as session:
            item = agenda.finish(session, positive_id(item_id, "item_id"), username, utcnow(), bool(cancel))
            return s.agenda_item_out.dump(item)

    @rpc
    def add_personal_entry(self, data: dict, owner: str) -> dict:
        """A mileage or expense line (PersonalEntryIn). Returns PersonalEntryOut."""
        valid = load(s.personal_entry_in, data)
        with self.db.transaction() as session:
            return s.personal_entry_out.dump(agenda.add_personal(session, valid, owner))

    @rpc
    def personal_sums(self, owner: str, year: int) -> dict:
        """Kilometres and expenses per month of `year`, and the year's totals."""
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise InvalidInput("year must be a year", {"year": "not a year"}) from None
        if not 1 <= year <= 9998:
            raise InvalidInput("year must be between 1 and 9998", {"year": "out of range"})
        with self.db.read() as session:
            return agenda.personal_sums(session, owner, year)

    @rpc
    def register_letter(self, data: dict, by: str) -> dict:
        """Incoming or outgoing mail (LetterIn); a reply deadline reminds the person it
        was forwarded to. Returns LetterOut."""
        valid = load(s.letter_in, data)
        with self.db.transaction() as session:
            return s.letter_out.dump(papers.register_letter(session, valid, by, utcnow()))

    @rpc
    def forward_letter(self, letter_id: int, data: dict, by: str) -> dict:
        valid = load(s.forward_in, data)
        with self.db.transaction() as session:
            return s.letter_out.dump(papers.forward(session, positive_id(letter_id, "letter_id"), valid, by))

    @rpc
    def letter_replied(self, letter_id: int, data: dict) -> dict:
        valid = load(s.replied_in, data)
        with self.db.transaction() as session:
            return s.letter_out.dump(
                papers.replied(session, positive_id(letter_id, "letter_id"), valid["replied_on"])
            )

    @rpc
    def list_letters(
        self, direction: str | None = None, awaiting_reply: bool = False, customer_id=None
    ) -> list[dict]:
        with self.db.read() as session:
            found = papers.letters(session, direction, bool(awaiting_reply), _optional_id(customer_id))
            return s.letter_out.dump(found, many=True)

    @rpc
    def register_document(self, data: dict, by: str) -> dict:
        """A contract, policy or other document (DocumentIn); an expiry date reminds the
        one responsible ahead of it. Returns DocumentOut."""
        valid = load(s.document_in, data)
        with self.db.transaction() as session:
            return s.document_out.dump(papers.register_document(session, valid, by, utcnow()))

    @rpc
    def list_documents(self, customer_id=None, expiring_within_days=None) -> list[dict]:
        days = (
            None
            if expiring_within_days is None
            else positive_id(expiring_within_days, "expiring_within_days")
        )
        with self.db.read() as session:
            found = papers.documents(session, _optional_id(customer_id), days, utcnow().date())
            return s.document_out.dump(found, many=True)

    @timer(interval=SLA_TICK_SECONDS)
    def remind_due(self):
        """Send the reminders whose time has come (agenda, reply deadlines, expiries)."""
        now = utcnow()
        with self.db.transaction() as session:
            for due in reminders.due(session, now):
                fired = reminders.fire(session, due, now)
                if fired is not None:
                    record(session, OutboxMessage, "reminder_due", fired)

    # -- service levels (K5) ---------------------------------------------------------------

    @rpc
    def create_calendar(self, data: dict) -> dict:
        """Business hours with a country's holidays (CalendarIn). Returns CalendarOut."""
        valid = load(s.calendar_in, data)
        with self.db.transaction() as session:
            return s.calendar_out.dump(sla_admin.create_calendar(session, valid))

    @rpc
    def list_calendars(self) -> list[dict]:
        with self.db.read() as session:
            return s.calendar_out.dump(sla_admin.calendars(session), many=True)

    @rpc
    def create_sla_policy(self, data: dict) -> dict:
        """Targets and escalation steps for customer tiers (SlaPolicyIn). Applies to
        cases opened from now on. Returns SlaPolicyOut."""
        valid = load(s.sla_policy_in, data)
        with self.db.transaction() as session:
            return s.sla_policy_out.dump(sla_admin.create_policy(session, valid))

    @rpc
    def list_sla_policies(self) -> list[dict]:
        with self.db.read() as session:
            return s.sla_policy_out.dump(sla_admin.policies(session), many=True)

    @timer(interval=SLA_TICK_SECONDS)
    def escalate_due(self):
        """Fire the SLA timers whose moment has come (kept in the database: a restart
        loses none; a conditional UPDATE fires each once across instances)."""
        now = utcnow()
        with self.db.transaction() as session:
            for due in sla.due(session, now):
                fired = escalation.fire(session, due, now)
                if fired is not None:
                    record(session, OutboxMessage, "sla_escalated", fired)

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's cases, calls, agenda items and papers now belong to the
        survivor (C7)."""
        data = payload["data"]
        for model in (Case, CallRegistration, AgendaItem, PersonalEntry, Correspondence, Document):
            repoint(session, model, data["merged_id"], data["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """A customer's cases with their whole journals (attachments as metadata), agenda
        items, registered calls, letters, documents and personal-list lines (GDPR art. 15)."""
        with self.db.read() as session:
            return personal_data.export(session, [positive_id(customer_id, "customer_id")])

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """The person's cases keep number and dates, closed, with their texts and
        attachments replaced; their papers lose their texts (art. 17)."""
        personal_data.erase(session, payload["data"]["customer_ids"], utcnow())


def _moment(value, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{field} must be an ISO date or time", {field: "not a date or time"}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def _optional_id(value) -> int | None:
    return None if value in (None, "") else positive_id(value, "customer_id")

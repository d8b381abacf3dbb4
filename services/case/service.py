"""Case service entrypoints: intake from every channel, the journal, routing and the SLA.

Each entrypoint reads its input, calls one function of the module named for its area and
answers with the result; the modules hold what the service does (SPEC K1–K13)."""

from __future__ import annotations

import base64
import binascii

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy
from nameko.timer import timer

from crm_common.acting import Actor
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.agenda import AgendaItemIn, AgendaItemOut, PersonalEntryIn, PersonalEntryOut
from crm_common.contracts.case.calls import CallRegistrationIn, CallRegistrationOut, CallTypeIn, CallTypeOut
from crm_common.contracts.case.cases import CaseCreate, CaseOut, StatusIn
from crm_common.contracts.case.intake import InboundMessageIn, InboundOut, LinkCustomerIn
from crm_common.contracts.case.journal import CaseNoteIn, JournalEntryOut
from crm_common.contracts.case.knowledge import FaqIn, FaqOut, SimilarCaseOut
from crm_common.contracts.case.papers import (
    DocumentIn,
    DocumentOut,
    ForwardIn,
    LetterIn,
    LetterOut,
    RepliedIn,
)
from crm_common.contracts.case.portal import (
    CustomerCaseOut,
    CustomerMessageIn,
    PortalCaseOut,
    PortalInboundOut,
)
from crm_common.contracts.case.replies import RenderIn, ReplyIn, ReplyTemplateIn, ReplyTemplateOut
from crm_common.contracts.case.routing import (
    AgentIn,
    AgentOut,
    AssignIn,
    AssignmentOut,
    PresenceIn,
    PresenceOut,
    RuleIn,
    RuleOut,
    WeightsIn,
)
from crm_common.contracts.case.sla import CalendarIn, CalendarOut, SlaPolicyIn, SlaPolicyOut
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from crm_common.health import Pingable
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay
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
    portal,
    reminders,
    replies,
    reports,
    routing_admin,
    senders,
    sla_admin,
)
from services.case.models import OutboxMessage, ProcessedEvent

SETTINGS = load_settings()  # read once, at import: the timers' intervals are fixed with the class


class CaseService(Pingable):
    name = "case"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    orders = RpcProxy("order")
    config = Config()
    actor = Actor()

    # -- opening and reading cases (K1, K2) ------------------------------------------------

    @rpc
    def open_case(self, data: dict, opened_by: str) -> dict:
        """Open a case for a customer (CaseCreate) on behalf of `opened_by` (a username);
        routing gives it to an agent (or `assignee` if named). Returns CaseOut with its
        number. Raises InvalidInput (unknown customer or agent, bad fields). Emits
        `case_opened`, which makes messaging confirm it to the customer."""
        valid = load(CaseCreate, data)
        customer = cases.profile(senders.customer(self.customers, valid["customer_id"]))
        with self.db.transaction() as session:
            return dump(CaseOut, cases.open_for_customer(session, valid, opened_by, customer, utcnow()))

    @rpc
    def get_case(self, case_id: int) -> dict:
        """One case (CaseOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(CaseOut, cases.get_case(session, positive_id(case_id, "case_id")))

    @rpc
    def list_cases(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's cases, newest first (CaseOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(CaseOut, cases.cases_of(session, customer_id, min(int(limit), 500)), many=True)

    @rpc
    def list_queue(
        self, queue: str | None = None, assignee: str | None = None, limit: int = 100
    ) -> list[dict]:
        """Open and pending cases of a queue or an agent, most urgent and oldest first."""
        with self.db.read() as session:
            found = assigning.active_cases(session, queue, assignee, min(int(limit), 500))
            return dump(CaseOut, found, many=True)

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
        return self._take_in(inbound.read_mail(raw))

    @rpc
    def receive_message(self, data: dict) -> dict:
        """An SMS, chat or web-form message (InboundMessageIn), threaded like mail (the
        case number in the text). Returns InboundOut."""
        return self._take_in(inbound.read_message(load(InboundMessageIn, data)))

    @timer(interval=SETTINGS.imap_poll_seconds)
    def poll_mailbox(self):
        """Take in the unseen mail of the configured IMAP folder (CRM_IMAP_URL; nothing
        when unset), each exactly as `receive_mail` does."""
        url = self.config.get("IMAP_URL") or load_settings().imap_url
        if url:
            mailbox.poll(mailbox.MailboxAddress.parse(url), lambda raw: self._take_in(inbound.read_mail(raw)))

    def _take_in(self, message: inbound.Inbound) -> dict:
        return intake.take_in(self.db, message, self.customers, utcnow(), _inbound_out)

    # -- what a signed-in customer sees and writes (K1, K3) ---------------------------------

    @rpc
    def customer_cases(self, customer_id: int) -> list[dict]:
        """A customer's own cases, newest first (PortalCaseOut list: nothing internal)."""
        with self.db.read() as session:
            found = cases.cases_of(session, positive_id(customer_id, "customer_id"), 100)
            return dump(PortalCaseOut, found, many=True)

    @rpc
    def customer_case(self, customer_id: int, case_id: int) -> dict:
        """One of the customer's own cases with its public journal only (CustomerCaseOut).
        NotFound for a case that is not theirs (its existence is not revealed)."""
        with self.db.read() as session:
            return dump(CustomerCaseOut, portal.case_with_journal(session, customer_id, case_id))

    @rpc
    def customer_writes(self, customer_id: int, data: dict, case_id: int | None = None) -> dict:
        """A customer's new inquiry from the web form, or a comment on their own case
        (CustomerMessageIn): journaled as a public message; a solved case opens again. A
        new inquiry that quotes a case number joins that case only when it is theirs.
        Returns PortalInboundOut."""
        valid = load(CustomerMessageIn, data)
        customer = senders.customer(self.customers, positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            got = portal.write(session, customer, valid, case_id, utcnow())
            return dump(PortalInboundOut, _received(got))

    # -- unknown senders become customers (K1) ----------------------------------------------

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload):
        """An unknown sender's registration was decided: their cases get the customer."""
        senders.review_decided(self.db, payload, self.customers, utcnow())

    @rpc
    def link_customer(self, case_id: int, data: dict, by: str) -> dict:
        """Tie a case from an unknown sender to a customer (LinkCustomerIn). Returns
        CaseOut. Emits `case_customer_linked` (messaging then confirms the case)."""
        valid = load(LinkCustomerIn, data)
        customer = senders.customer(self.customers, valid["customer_id"])
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(CaseOut, senders.link(session, case, customer, by, utcnow()))

    # -- the journal (K3) ------------------------------------------------------------------

    @rpc
    def get_journal(self, case_id: int, public_only: bool = False) -> list[dict]:
        """The case's journal, oldest first (JournalEntryOut list). `public_only` is what
        the customer may see. Raises NotFound."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(JournalEntryOut, journal.entries(session, case.id, bool(public_only)), many=True)

    @rpc
    def get_attachment(self, case_id: int, attachment_id: int, public_only: bool = False) -> dict:
        """One attachment's bytes (base64) with its name and type. Raises NotFound."""
        case_id, attachment_id = positive_id(case_id, "case_id"), positive_id(attachment_id, "attachment_id")
        with self.db.read() as session:
            return journal.attachment_content(session, case_id, attachment_id, public_only)

    @rpc
    def reply(self, case_id: int, data: dict, author: str) -> dict:
        """The agent answers the customer (ReplyIn): a public journal entry, the SLA's
        response, and `case_replied` for messaging to send. Returns JournalEntryOut.
        Raises NotFound, Conflict (closed), InvalidInput."""
        valid = load(ReplyIn, data)
        case_id = positive_id(case_id, "case_id")
        body = valid["body"] if valid["template_id"] is None else self._fill(case_id, valid, author)
        with self.db.transaction() as session:
            entry = replies.send(
                session, case_id, body, author, valid["then"], utcnow(), SETTINGS.mail_domain
            )
            return dump(JournalEntryOut, entry)

    @rpc
    def render_reply(self, case_id: int, data: dict, author: str) -> dict:
        """A reply template filled for this case (RenderIn): the customer's, the case's and
        the order's data, and the agent's `text`. Returns RenderOut. Raises InvalidInput
        (no such template, a value the case lacks, an order of someone else)."""
        valid = load(RenderIn, data)
        return {"body": self._fill(positive_id(case_id, "case_id"), valid, author)}

    def _fill(self, case_id: int, valid: dict, author: str) -> str:
        return replies.fill(
            self.db, case_id, valid, author, self.customers.get_customer, self.orders.get_order
        )

    @rpc
    def create_reply_template(self, data: dict) -> dict:
        """A reply template (ReplyTemplateIn); it must parse. Returns ReplyTemplateOut.
        Raises Conflict (name taken in that language)."""
        valid = load(ReplyTemplateIn, data)
        with self.db.transaction() as session:
            return dump(ReplyTemplateOut, replies.create(session, valid, actor=self.actor))

    @rpc
    def list_reply_templates(self, language: str | None = None) -> list[dict]:
        with self.db.read() as session:
            return dump(ReplyTemplateOut, replies.listed(session, language), many=True)

    @rpc
    def add_note(self, case_id: int, data: dict, author: str) -> dict:
        """A note on the journal (NoteIn), internal unless marked public. Returns
        JournalEntryOut."""
        valid = load(CaseNoteIn, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            entry = journal.add(
                session, case, "note", valid["body"], author, utcnow(), visibility=valid["visibility"]
            )
            return dump(JournalEntryOut, entry)

    @rpc
    def set_status(self, case_id: int, data: dict, by: str) -> dict:
        """Move the case (StatusIn): pending pauses the SLA clock, solved stops it and
        frees the agent. Returns CaseOut. Raises Conflict (a move not allowed)."""
        valid = load(StatusIn, data)
        with self.db.transaction() as session:
            case = cases.move(session, positive_id(case_id, "case_id"), valid["status"], by, utcnow())
            return dump(CaseOut, case)

    # -- knowledge (K6, K7) ----------------------------------------------------------------

    @rpc
    def publish_faq(self, data: dict, author: str) -> dict:
        """An FAQ answer (FaqIn), searchable at once. Returns FaqOut."""
        valid = load(FaqIn, data)
        with self.db.transaction() as session:
            return dump(FaqOut, knowledge.publish(session, valid, author, utcnow(), actor=self.actor))

    @rpc
    def update_faq(self, faq_id: int, data: dict) -> dict:
        """Replace an FAQ answer (FaqIn). Returns FaqOut. Raises NotFound."""
        valid = load(FaqIn, data)
        with self.db.transaction() as session:
            faq = knowledge.change(session, positive_id(faq_id, "faq_id"), valid, utcnow(), actor=self.actor)
            return dump(FaqOut, faq)

    @rpc
    def get_faq(self, faq_id: int, published_only: bool = False) -> dict:
        with self.db.read() as session:
            return dump(FaqOut, knowledge.get(session, positive_id(faq_id, "faq_id"), bool(published_only)))

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
            return [{**dump(FaqOut, entry), "score": score} for entry, score in found]

    @rpc
    def similar(self, case_id: int, limit: int = 5) -> dict:
        """The solved cases and FAQ answers most like this case, best first (SimilarOut)."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            found = knowledge.similar(session, case, min(int(limit), 50))
            return {
                "cases": [
                    {**dump(SimilarCaseOut, c), "score": score, "solution": answer}
                    for c, score, answer in found["cases"]
                ],
                "faq": [{**dump(FaqOut, entry), "score": score} for entry, score in found["faq"]],
            }

    # -- routing (K4) ----------------------------------------------------------------------

    @rpc
    def assign(self, case_id: int, data: dict, by: str) -> dict:
        """Give the case to a named agent (AssignIn). Returns AssignmentOut. Raises
        Conflict (agent away or full, case closed), InvalidInput (no such agent)."""
        valid = load(AssignIn, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = assigning.assign_to(session, case, valid["agent"], by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return dump(AssignmentOut, assignment)

    @rpc
    def reroute(self, case_id: int, by: str) -> dict:
        """Run the case through the routing rules again. Returns AssignmentOut."""
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = assigning.reroute(session, case, by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return dump(AssignmentOut, assignment)

    @rpc
    def list_assignments(self, case_id: int) -> list[dict]:
        """Every assignment of the case with its reason, oldest first."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(AssignmentOut, assigning.history(session, case.id), many=True)

    @rpc
    def save_agent(self, username: str, data: dict) -> dict:
        """Create or change an agent (AgentIn). A new agent starts offline. Returns AgentOut."""
        valid = load(AgentIn, data)
        with self.db.transaction() as session:
            return dump(AgentOut, routing_admin.save_agent(session, username, valid, utcnow()))

    @rpc
    def list_agents(self) -> list[dict]:
        with self.db.read() as session:
            return dump(AgentOut, routing_admin.agents(session), many=True)

    @rpc
    def set_presence(self, username: str, data: dict) -> dict:
        """Available, away or offline (PresenceIn). Leaving hands the agent's open cases
        to others by the same rules; arriving picks up waiting cases. Returns PresenceOut."""
        valid = load(PresenceIn, data)
        with self.db.transaction() as session:
            agent, moved = assigning.set_presence(session, username, valid["presence"], utcnow())
            session.flush()  # the moved cases' assignment ids, for the answer
            return dump(PresenceOut, {"agent": agent, "moved": moved})

    @rpc
    def create_rule(self, data: dict) -> dict:
        """Add a routing rule (RuleIn). Returns RuleOut. Raises Conflict (name taken)."""
        valid = load(RuleIn, data)
        with self.db.transaction() as session:
            return dump(RuleOut, routing_admin.create_rule(session, valid, actor=self.actor))

    @rpc
    def update_rule(self, rule_id: int, data: dict) -> dict:
        """Replace a routing rule (RuleIn). Returns RuleOut. Raises NotFound."""
        valid = load(RuleIn, data)
        with self.db.transaction() as session:
            rule = routing_admin.update_rule(
                session, positive_id(rule_id, "rule_id"), valid, actor=self.actor
            )
            return dump(RuleOut, rule)

    @rpc
    def delete_rule(self, rule_id: int) -> None:
        with self.db.transaction() as session:
            routing_admin.delete_rule(session, positive_id(rule_id, "rule_id"), actor=self.actor)

    @rpc
    def list_rules(self) -> list[dict]:
        with self.db.read() as session:
            return dump(RuleOut, routing_admin.rules(session), many=True)

    @rpc
    def get_weights(self) -> dict:
        with self.db.read() as session:
            return routing_admin.weights(session)

    @rpc
    def set_weights(self, data: dict) -> dict:
        """Change how much each key counts (WeightsIn, any of them). Returns all weights."""
        valid = load(WeightsIn, data)
        with self.db.transaction() as session:
            return routing_admin.set_weights(session, valid, actor=self.actor)

    # -- calls and reports (K9, K10) -------------------------------------------------------

    @rpc
    def create_call_type(self, data: dict) -> dict:
        valid = load(CallTypeIn, data)
        with self.db.transaction() as session:
            return dump(CallTypeOut, calls.add_type(session, valid["name"]))

    @rpc
    def list_call_types(self) -> list[dict]:
        with self.db.read() as session:
            return dump(CallTypeOut, calls.types(session), many=True)

    @rpc
    def register_call(self, data: dict, agent: str) -> dict:
        """The type of a call (CallRegistrationIn), by the agent who took it. Returns
        CallRegistrationOut. Raises InvalidInput (unknown type or case), Conflict (the
        call is registered already)."""
        valid = load(CallRegistrationIn, data)
        with self.db.transaction() as session:
            return dump(CallRegistrationOut, calls.register(session, valid, agent, utcnow()))

    @rpc
    def call_counts(self, period: dict, by: str = "type") -> list[dict]:
        """Calls per month and type; `by` agent or agency adds that (CallCountOut list)."""
        with self.db.read() as session:
            return calls.counts_in(session, period, by)

    @rpc
    def case_report(self, period: dict, by: str = "agent") -> list[dict]:
        """Opened, solved, open, average first-response and resolution minutes and SLA
        kept, per month and agent, queue, category or channel (CaseReportOut list)."""
        with self.db.read() as session:
            return reports.cases_in(session, period, by)

    # -- the agenda and the registers of paper (K12, K13) -----------------------------------

    @rpc
    def add_agenda_item(self, data: dict, owner: str) -> dict:
        """A booking, meeting, task or watch (AgendaItemIn) in `owner`'s name. Returns
        AgendaItemOut. Raises InvalidInput, Conflict (the resource is booked then)."""
        valid = load(AgendaItemIn, data)
        with self.db.transaction() as session:
            return dump(AgendaItemOut, agenda.add(session, valid, owner, utcnow()))

    @rpc
    def agenda_between(
        self, username: str | None, start: str, end: str, kinds: list | None = None
    ) -> list[dict]:
        """Everyone's bookings and `username`'s own items (all items for None) that
        overlap [start, end) (ISO times). AgendaItemOut list."""
        first, last = agenda.period(start, end)
        with self.db.read() as session:
            return dump(
                AgendaItemOut, agenda.items(session, username, first, last, tuple(kinds or ())), many=True
            )

    @rpc
    def open_tasks(self, username: str) -> list[dict]:
        with self.db.read() as session:
            return dump(AgendaItemOut, agenda.open_tasks(session, username), many=True)

    @rpc
    def at_login(self, username: str) -> list[dict]:
        """Items marked to pop up at login that are due and not done."""
        with self.db.read() as session:
            return dump(AgendaItemOut, agenda.at_login(session, username, utcnow()), many=True)

    @rpc
    def finish_agenda_item(self, item_id: int, username: str, cancel: bool = False) -> dict:
        """Mark a task done (or cancel any item); its reminder is dropped."""
        with self.db.transaction() as session:
            item = agenda.finish(session, positive_id(item_id, "item_id"), username, utcnow(), bool(cancel))
            return dump(AgendaItemOut, item)

    @rpc
    def add_personal_entry(self, data: dict, owner: str) -> dict:
        """A mileage or expense line (PersonalEntryIn). Returns PersonalEntryOut."""
        valid = load(PersonalEntryIn, data)
        with self.db.transaction() as session:
            return dump(PersonalEntryOut, agenda.add_personal(session, valid, owner))

    @rpc
    def personal_sums(self, owner: str, year: int) -> dict:
        """Kilometres and expenses per month of `year`, and the year's totals."""
        year = agenda.year(year)
        with self.db.read() as session:
            return agenda.personal_sums(session, owner, year)

    @rpc
    def register_letter(self, data: dict, by: str) -> dict:
        """Incoming or outgoing mail (LetterIn); a reply deadline reminds the person it
        was forwarded to. Returns LetterOut."""
        valid = load(LetterIn, data)
        with self.db.transaction() as session:
            return dump(LetterOut, papers.register_letter(session, valid, by, utcnow()))

    @rpc
    def forward_letter(self, letter_id: int, data: dict, by: str) -> dict:
        valid = load(ForwardIn, data)
        with self.db.transaction() as session:
            return dump(LetterOut, papers.forward(session, positive_id(letter_id, "letter_id"), valid, by))

    @rpc
    def letter_replied(self, letter_id: int, data: dict) -> dict:
        valid = load(RepliedIn, data)
        with self.db.transaction() as session:
            return dump(
                LetterOut, papers.replied(session, positive_id(letter_id, "letter_id"), valid["replied_on"])
            )

    @rpc
    def list_letters(
        self, direction: str | None = None, awaiting_reply: bool = False, customer_id=None
    ) -> list[dict]:
        with self.db.read() as session:
            found = papers.letters(
                session, direction, bool(awaiting_reply), papers.customer_filter(customer_id)
            )
            return dump(LetterOut, found, many=True)

    @rpc
    def register_document(self, data: dict, by: str) -> dict:
        """A contract, policy or other document (DocumentIn); an expiry date reminds the
        one responsible ahead of it. Returns DocumentOut."""
        valid = load(DocumentIn, data)
        with self.db.transaction() as session:
            return dump(DocumentOut, papers.register_document(session, valid, by, utcnow()))

    @rpc
    def list_documents(self, customer_id=None, expiring_within_days=None) -> list[dict]:
        days = papers.days_filter(expiring_within_days)
        customer_id = papers.customer_filter(customer_id)
        with self.db.read() as session:
            found = papers.documents(session, customer_id, days, utcnow().date())
            return dump(DocumentOut, found, many=True)

    @timer(interval=SETTINGS.sla_tick_seconds)
    def remind_due(self):
        """Send the reminders whose time has come (agenda, reply deadlines, expiries)."""
        with self.db.transaction() as session:
            reminders.send_due(session, utcnow())

    # -- service levels (K5) ---------------------------------------------------------------

    @rpc
    def create_calendar(self, data: dict) -> dict:
        """Business hours with a country's holidays (CalendarIn). Returns CalendarOut."""
        valid = load(CalendarIn, data)
        with self.db.transaction() as session:
            return dump(CalendarOut, sla_admin.create_calendar(session, valid, actor=self.actor))

    @rpc
    def list_calendars(self) -> list[dict]:
        with self.db.read() as session:
            return dump(CalendarOut, sla_admin.calendars(session), many=True)

    @rpc
    def create_sla_policy(self, data: dict) -> dict:
        """Targets and escalation steps for customer tiers (SlaPolicyIn). Applies to
        cases opened from now on. Returns SlaPolicyOut."""
        valid = load(SlaPolicyIn, data)
        with self.db.transaction() as session:
            return dump(SlaPolicyOut, sla_admin.create_policy(session, valid, actor=self.actor))

    @rpc
    def list_sla_policies(self) -> list[dict]:
        with self.db.read() as session:
            return dump(SlaPolicyOut, sla_admin.policies(session), many=True)

    @timer(interval=SETTINGS.sla_tick_seconds)
    def escalate_due(self):
        """Fire the SLA timers whose moment has come (kept in the database: a restart
        loses none; a conditional UPDATE fires each once across instances)."""
        with self.db.transaction() as session:
            escalation.fire_due(session, utcnow())

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
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
    def on_customer_erased(self, session, payload):
        """The person's cases keep number and dates, closed, with their texts and
        attachments replaced; their papers lose their texts (art. 17)."""
        personal_data.erase_person(session, payload["data"], utcnow())


def _received(got: intake.Received) -> dict:
    return {"case": got.case, "entry_id": got.entry.id, "opened": got.opened, "duplicate": got.duplicate}


def _inbound_out(got: intake.Received) -> dict:
    return dump(InboundOut, _received(got))

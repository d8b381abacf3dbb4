"""Case routes: intake from every channel, the journal, routing and service levels (K1–K5)."""

from __future__ import annotations

import base64

from werkzeug.wrappers import Response

from crm_common.contracts.case.cases import CaseCreate, CaseOut, StatusIn
from crm_common.contracts.case.intake import InboundMessageIn, InboundOut, LinkCustomerIn
from crm_common.contracts.case.journal import CaseNoteIn, JournalEntryOut
from crm_common.contracts.case.knowledge import FaqIn, FaqOut, PortalFaqOut, SimilarOut
from crm_common.contracts.case.portal import (
    CustomerCaseOut,
    CustomerMessageIn,
    PortalCaseOut,
    PortalInboundOut,
)
from crm_common.contracts.case.replies import RenderIn, RenderOut, ReplyIn, ReplyTemplateIn, ReplyTemplateOut
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
from gateway import downloads, guidance
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes.roles import ADMIN, INBOUND, SUPERVISOR
from gateway.routing import query_limit, route


class CasesRoutes:
    @route(
        "POST",
        "/api/cases",
        summary="Open a case; routing gives it to an agent and the customer gets a confirmation",
        tag="cases",
        roles=STAFF,
        body=CaseCreate,
        response=CaseOut,
        status=201,
        errors=(409,),  # the named assignee is away or full
    )
    def open_case(self, req):
        return call(self.case, "open_case", req.body, req.principal.username)

    @route(
        "GET",
        "/api/cases",
        summary="Open and pending cases of a queue or an agent",
        tag="cases",
        roles=STAFF,
        response=CaseOut,
        many=True,
        query={
            "queue": "only this queue",
            "assignee": "only this agent's (`me` for your own)",
            "limit": "at most this many (100)",
        },
    )
    def list_queue(self, req):
        """Most urgent and oldest first. Without `queue` or `assignee`: the cases waiting
        for an agent."""
        assignee = req.args.get("assignee")
        if assignee == "me":
            assignee = req.principal.username
        return call(
            self.case, "list_queue", req.args.get("queue"), assignee, query_limit(req.args.get("limit"), 100)
        )

    @route(
        "GET",
        "/api/cases/<int:case_id>",
        summary="One case with its SLA targets",
        tag="cases",
        roles=STAFF,
        response=CaseOut,
        errors=(404,),
    )
    def get_case(self, req, case_id):
        return call(self.case, "get_case", case_id)

    @route(
        "GET",
        "/api/cases/<int:case_id>/journal",
        summary="Everything on the case, oldest first",
        tag="cases",
        roles=STAFF,
        response=JournalEntryOut,
        many=True,
        errors=(404,),
        query={"visibility": "`public`: only what the customer sees"},
    )
    def journal(self, req, case_id):
        return call(self.case, "get_journal", case_id, req.args.get("visibility") == "public")

    @route(
        "GET",
        "/api/cases/<int:case_id>/attachments/<int:attachment_id>",
        summary="An attachment's file",
        tag="cases",
        roles=STAFF,
        raw=True,
        errors=(404,),
    )
    def attachment(self, req, case_id, attachment_id):
        found = call(self.case, "get_attachment", case_id, attachment_id)
        return Response(
            base64.b64decode(found["content"]),
            mimetype=found["content_type"],
            headers={
                "Content-Disposition": downloads.attachment(found["filename"]),
                "X-Content-Type-Options": "nosniff",
            },
        )

    @route(
        "POST",
        "/api/cases/<int:case_id>/replies",
        summary="Answer the customer (sent through messaging)",
        tag="cases",
        roles=STAFF,
        body=ReplyIn,
        response=JournalEntryOut,
        status=201,
        errors=(404, 409),
    )
    def reply(self, req, case_id):
        """A public journal entry that counts as the SLA's response; `then` moves the case
        on (e.g. `pending` while waiting for the customer, `solved`)."""
        return call(self.case, "reply", case_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/cases/<int:case_id>/notes",
        summary="A note on the journal (internal unless marked public)",
        tag="cases",
        roles=STAFF,
        body=CaseNoteIn,
        response=JournalEntryOut,
        status=201,
        errors=(404,),
    )
    def note(self, req, case_id):
        return call(self.case, "add_note", case_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/cases/<int:case_id>/status",
        summary="Move the case: open, pending (SLA paused), solved, closed",
        tag="cases",
        roles=STAFF,
        body=StatusIn,
        response=CaseOut,
        errors=(404, 409),
    )
    def status(self, req, case_id):
        return call(self.case, "set_status", case_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/cases/<int:case_id>/assign",
        summary="Give the case to an agent",
        tag="routing",
        roles=SUPERVISOR,
        body=AssignIn,
        response=AssignmentOut,
        errors=(404, 409),
    )
    def assign(self, req, case_id):
        return call(self.case, "assign", case_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/cases/<int:case_id>/reroute",
        summary="Run the case through the routing rules again",
        tag="routing",
        roles=STAFF,
        response=AssignmentOut,
        errors=(404,),
    )
    def reroute(self, req, case_id):
        return call(self.case, "reroute", case_id, req.principal.username)

    @route(
        "GET",
        "/api/cases/<int:case_id>/assignments",
        summary="Where the case went and why",
        tag="routing",
        roles=STAFF,
        response=AssignmentOut,
        many=True,
        errors=(404,),
    )
    def assignments(self, req, case_id):
        return call(self.case, "list_assignments", case_id)

    @route(
        "POST",
        "/api/cases/<int:case_id>/customer",
        summary="Tie a case from an unknown sender to a customer",
        tag="cases",
        roles=STAFF,
        body=LinkCustomerIn,
        response=CaseOut,
        errors=(404,),
    )
    def link_customer(self, req, case_id):
        return call(self.case, "link_customer", case_id, req.body, req.principal.username)

    @route(
        "GET",
        "/api/cases/<int:case_id>/similar",
        summary="Solved cases and FAQ answers most like this case",
        tag="knowledge",
        roles=STAFF,
        response=SimilarOut,
        errors=(404,),
        query={"limit": "at most this many of each (5)"},
    )
    def similar(self, req, case_id):
        """Full-text likeness of subject and description; solved cases come with the
        answer the customer got."""
        return call(self.case, "similar", case_id, query_limit(req.args.get("limit"), 5))

    @route(
        "POST",
        "/api/cases/<int:case_id>/replies/preview",
        summary="A reply template filled in for this case",
        tag="knowledge",
        roles=STAFF,
        body=RenderIn,
        response=RenderOut,
        errors=(404,),
    )
    def preview_reply(self, req, case_id):
        """The template with the customer's, the case's and (with `order_id`) the order's
        data and the agent's `text`; send it with POST …/replies and the same
        template_id."""
        return call(self.case, "render_reply", case_id, req.body, req.principal.username)

    @route(
        "GET",
        "/api/cases/<int:case_id>/guidance",
        summary="What the agent should know: importance, credit, service level, what to offer",
        tag="knowledge",
        roles=STAFF,
        errors=(404,),
    )
    def guidance(self, req, case_id):
        """The business rules shown beside a case (K11): the customer's tier and
        satisfaction, the credit situation, the SLA and how much of it is left, the
        customer's offers and what to offer next (suggestions from their last order)."""
        return guidance.compose(
            {n: getattr(self, n) for n in ("customer", "order", "case")}, call(self.case, "get_case", case_id)
        )

    # -- intake from providers -------------------------------------------------------------

    @route(
        "POST",
        "/api/cases/inbound/email",
        summary="A raw RFC 822 mail from the mail provider's inbound webhook",
        tag="cases",
        roles=INBOUND,
        content_type="message/rfc822",
        response=InboundOut,
    )
    def inbound_email(self, req):
        """The mail as it arrived (headers and MIME body). It is journaled on the case its
        subject tag (`[#2026-000042]`) or its thread (In-Reply-To, References) names when
        the sender is that case's customer (or a contact person of theirs, or the address
        the case came from), or opens a case; attachments are kept, HTML is reduced to
        text. The same Message-ID twice from the same sender journals once, so the
        provider may retry. Authenticate with `X-API-Key`."""
        return call(self.case, "receive_mail", base64.b64encode(req.body).decode())

    @route(
        "POST",
        "/api/cases/inbound/messages",
        summary="An SMS, chat or web-form message",
        tag="cases",
        roles=INBOUND,
        body=InboundMessageIn,
        response=InboundOut,
    )
    def inbound_message(self, req):
        """Threaded by a case number in the text when the sender is that case's customer,
        else a new case. A repeated `message_id` from the same sender journals once.
        Authenticate with `X-API-Key`."""
        return call(self.case, "receive_message", req.body)

    # -- agents, rules and weights ---------------------------------------------------------

    @route(
        "GET",
        "/api/agents",
        summary="Agents with presence and load",
        tag="routing",
        roles=STAFF,
        response=AgentOut,
        many=True,
    )
    def agents(self, req):
        return call(self.case, "list_agents")

    @route(
        "PUT",
        "/api/agents/<username>",
        summary="Create or change an agent: skills, languages, regions, queues, capacity",
        tag="routing",
        roles=SUPERVISOR,
        body=AgentIn,
        response=AgentOut,
        errors=(409,),
    )
    def save_agent(self, req, username):
        return call(self.case, "save_agent", username, req.body)

    @route(
        "POST",
        "/api/agents/<username>/presence",
        summary="Available, away or offline; leaving hands the agent's cases on",
        tag="routing",
        roles=STAFF,
        body=PresenceIn,
        response=PresenceOut,
        errors=(404,),
    )
    def presence(self, req, username):
        """An agent sets their own presence (`me` or their username); a supervisor anyone's."""
        if username == "me":
            username = req.principal.username
        if username != req.principal.username:
            req.principal.require(SUPERVISOR)
        return call(self.case, "set_presence", username, req.body)

    @route(
        "GET",
        "/api/routing/rules",
        summary="The routing rules",
        tag="routing",
        roles=STAFF,
        response=RuleOut,
        many=True,
    )
    def rules(self, req):
        return call(self.case, "list_rules")

    @route(
        "POST",
        "/api/routing/rules",
        summary="Add a routing rule",
        tag="routing",
        roles=ADMIN,
        body=RuleIn,
        response=RuleOut,
        status=201,
        errors=(409,),
    )
    def create_rule(self, req):
        """When every condition named holds, the rule sends the case to `queue` (or
        `agent`) and asks for `skills`; the heaviest rule that holds picks the queue, and
        the skills of all that hold add up."""
        return call(self.case, "create_rule", req.body)

    @route(
        "PUT",
        "/api/routing/rules/<int:rule_id>",
        summary="Replace a routing rule",
        tag="routing",
        roles=ADMIN,
        body=RuleIn,
        response=RuleOut,
        errors=(404, 409),
    )
    def update_rule(self, req, rule_id):
        return call(self.case, "update_rule", rule_id, req.body)

    @route(
        "DELETE",
        "/api/routing/rules/<int:rule_id>",
        summary="Remove a routing rule",
        tag="routing",
        roles=ADMIN,
        status=204,
        errors=(404,),
    )
    def delete_rule(self, req, rule_id):
        call(self.case, "delete_rule", rule_id)

    @route(
        "GET",
        "/api/routing/weights",
        summary="How much each key counts",
        tag="routing",
        roles=STAFF,
        response=WeightsIn,
    )
    def weights(self, req):
        return call(self.case, "get_weights")

    @route(
        "PUT",
        "/api/routing/weights",
        summary="Change how much each key counts",
        tag="routing",
        roles=ADMIN,
        body=WeightsIn,
        response=WeightsIn,
    )
    def set_weights(self, req):
        """An agent's score is skill surplus + language + region + efficiency − load, each
        times its weight."""
        return call(self.case, "set_weights", req.body)

    # -- the FAQ and reply templates -------------------------------------------------------

    @route(
        "GET",
        "/api/faq",
        summary="Search the FAQ",
        tag="knowledge",
        roles=(*STAFF, "customer"),
        response=FaqOut,
        many=True,
        query={
            "q": "words to look for (all of them, any inflection)",
            "language": "only answers in this language",
            "industry": "only this industry",
            "product": "only this product",
            "problem": "only this problem",
            "limit": "at most this many (20)",
        },
    )
    def search_faq(self, req):
        """Best match first; without `q`, the newest. Customers see published answers only,
        without their author or source case (PortalFaqOut)."""
        filters = {k: req.args[k] for k in ("language", "industry", "product", "problem") if req.args.get(k)}
        staff = req.principal.role != "customer"
        found = call(
            self.case,
            "search_faq",
            req.args.get("q", ""),
            filters,
            not staff,
            query_limit(req.args.get("limit"), 20),
        )
        return found if staff else [_for_customers(entry) for entry in found]

    @route(
        "POST",
        "/api/faq",
        summary="Publish an answer to the FAQ",
        tag="knowledge",
        roles=STAFF,
        body=FaqIn,
        response=FaqOut,
        status=201,
    )
    def publish_faq(self, req):
        return call(self.case, "publish_faq", req.body, req.principal.username)

    @route(
        "GET",
        "/api/faq/<int:faq_id>",
        summary="One FAQ answer",
        tag="knowledge",
        roles=(*STAFF, "customer"),
        response=FaqOut,
        errors=(404,),
    )
    def get_faq(self, req, faq_id):
        """Customers get published answers only, as PortalFaqOut."""
        customer = req.principal.role == "customer"
        found = call(self.case, "get_faq", faq_id, customer)
        return _for_customers(found) if customer else found

    @route(
        "PUT",
        "/api/faq/<int:faq_id>",
        summary="Change an FAQ answer",
        tag="knowledge",
        roles=STAFF,
        body=FaqIn,
        response=FaqOut,
        errors=(404,),
    )
    def update_faq(self, req, faq_id):
        return call(self.case, "update_faq", faq_id, req.body)

    @route(
        "GET",
        "/api/reply-templates",
        summary="Reply templates",
        tag="knowledge",
        roles=STAFF,
        response=ReplyTemplateOut,
        many=True,
        query={"language": "only this language"},
    )
    def reply_templates(self, req):
        return call(self.case, "list_reply_templates", req.args.get("language"))

    @route(
        "POST",
        "/api/reply-templates",
        summary="Add a reply template",
        tag="knowledge",
        roles=SUPERVISOR,
        body=ReplyTemplateIn,
        response=ReplyTemplateOut,
        status=201,
        errors=(409,),
    )
    def create_reply_template(self, req):
        return call(self.case, "create_reply_template", req.body)

    # -- service levels --------------------------------------------------------------------

    @route(
        "GET",
        "/api/sla/calendars",
        summary="Business-hour calendars",
        tag="sla",
        roles=STAFF,
        response=CalendarOut,
        many=True,
    )
    def calendars(self, req):
        return call(self.case, "list_calendars")

    @route(
        "POST",
        "/api/sla/calendars",
        summary="Add a business-hour calendar with a country's public holidays",
        tag="sla",
        roles=ADMIN,
        body=CalendarIn,
        response=CalendarOut,
        status=201,
        errors=(409,),
    )
    def create_calendar(self, req):
        return call(self.case, "create_calendar", req.body)

    @route(
        "GET",
        "/api/sla/policies",
        summary="SLA policies",
        tag="sla",
        roles=STAFF,
        response=SlaPolicyOut,
        many=True,
    )
    def policies(self, req):
        return call(self.case, "list_sla_policies")

    @route(
        "POST",
        "/api/sla/policies",
        summary="Add an SLA policy: targets in business minutes and escalation steps",
        tag="sla",
        roles=ADMIN,
        body=SlaPolicyIn,
        response=SlaPolicyOut,
        status=201,
        errors=(409,),
    )
    def create_policy(self, req):
        """The first policy (by `rank`) whose tiers and priorities fit a new case is its
        SLA. Steps fire `minutes_before` business minutes before a target's breach (0: at
        it): notify by e-mail or SMS (the case's agent unless `email_to`/`sms_to`), raise
        the priority, or move the case to `queue`."""
        return call(self.case, "create_sla_policy", req.body)


_PORTAL_FAQ = frozenset(PortalFaqOut().fields)


def _for_customers(faq: dict) -> dict:
    """An FAQ answer (FaqOut) cut to what a customer sees (PortalFaqOut)."""
    return {key: value for key, value in faq.items() if key in _PORTAL_FAQ}


class CustomerCasesRoutes:
    """The customer's side (K1, K3): their own cases, the public journal, new inquiries
    and comments. A case of someone else is not found, whatever its number."""

    @route(
        "GET",
        "/api/my/cases",
        summary="My cases",
        tag="customer portal",
        roles=("customer",),
        response=PortalCaseOut,
        many=True,
    )
    def my_cases(self, req):
        return call(self.case, "customer_cases", req.principal.customer_id)

    @route(
        "GET",
        "/api/my/cases/<int:case_id>",
        summary="One of my cases with its public journal",
        tag="customer portal",
        roles=("customer",),
        response=CustomerCaseOut,
        errors=(404,),
    )
    def my_case(self, req, case_id):
        return call(self.case, "customer_case", req.principal.customer_id, case_id)

    @route(
        "POST",
        "/api/my/cases",
        summary="Ask something new (the web form)",
        tag="customer portal",
        roles=("customer",),
        body=CustomerMessageIn,
        response=PortalInboundOut,
        status=201,
    )
    def my_new_case(self, req):
        """A new case of mine. Quoting the number of a case of mine in the subject or text
        adds to that case; any other number opens a new case (nothing of the other is
        shown)."""
        return call(self.case, "customer_writes", req.principal.customer_id, req.body)

    @route(
        "POST",
        "/api/my/cases/<int:case_id>/comments",
        summary="Add to one of my cases",
        tag="customer portal",
        roles=("customer",),
        body=CustomerMessageIn,
        response=PortalInboundOut,
        status=201,
        errors=(404,),
    )
    def my_comment(self, req, case_id):
        return call(self.case, "customer_writes", req.principal.customer_id, req.body, case_id)

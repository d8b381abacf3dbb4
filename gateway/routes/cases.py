"""Case routes: a case and its journal, where it was routed, and intake from every
channel (K1–K4)."""

from __future__ import annotations

import base64

from werkzeug.wrappers import Response

from crm_common.contracts.case.cases import CaseChangeIn, CaseCreate, CaseOut, StatusIn
from crm_common.contracts.case.intake import InboundMessageIn, InboundOut, LinkCustomerIn
from crm_common.contracts.case.journal import CaseNoteIn, JournalEntryOut
from crm_common.contracts.case.replies import ReplyIn
from crm_common.contracts.case.routing import (
    AssignIn,
    AssignmentOut,
    HandoverIn,
)
from gateway import downloads
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import INBOUND, SUPERVISOR
from gateway.routing import query_limit, route


class CasesRoutes(Routes):
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
        "/api/cases/<int:case_id>/changes",
        summary="Change a case's priority, category or the order it is about",
        tag="cases",
        roles=STAFF,
        body=CaseChangeIn,
        response=CaseOut,
        errors=(404,),
    )
    def change(self, req, case_id):
        """Each change is an internal journal entry naming who made it. `order_id` must be
        an order of the case's customer (400 naming `order_id` otherwise)."""
        return call(self.case, "change_case", case_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/cases/<int:case_id>/handover",
        summary="Hand a case to a colleague or move it into a queue",
        tag="routing",
        roles=STAFF,
        body=HandoverIn,
        response=AssignmentOut,
        errors=(404, 409),
    )
    def handover(self, req, case_id):
        """An agent hands over their own cases and waiting ones; a supervisor any case.
        Into a queue, the case is routed there anew to someone else (or waits there).
        Journaled with who did it."""
        case = call(self.case, "get_case", case_id)
        if case["assignee"] not in (None, req.principal.username):
            req.principal.require(SUPERVISOR)
        return call(self.case, "hand_over", case_id, req.body, req.principal.username)

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

    # -- intake from providers ---------------------------------------------------------

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

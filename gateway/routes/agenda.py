"""The agenda and the registers of paper (K12, K13)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from crm_common.contracts import positive_id
from crm_common.contracts.case.agenda import AgendaItemIn, AgendaItemOut, PersonalEntryIn, PersonalEntryOut
from crm_common.contracts.case.papers import (
    DocumentIn,
    DocumentOut,
    ForwardIn,
    LetterIn,
    LetterOut,
    RepliedIn,
)
from crm_common.errors import InvalidInput
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import query_limit, route
from gateway.tables import FORMAT_QUERY, Fetch, streamed_table, table

PAGE_QUERY = {"limit": "at most (100)", "after_id": "the last id of the page before", **FORMAT_QUERY}


def own_list(args, fetch: Fetch, schema, name: str):
    """One of my own lists (G5): a page as JSON, or with `format=csv` every row as a file."""
    columns = list(schema().fields)
    if args.get("format") == "csv":
        return streamed_table(fetch, columns, name)
    after = args.get("after_id") or "0"
    after = 0 if after == "0" else positive_id(after, "after_id")
    return table(args, fetch(after, min(query_limit(args.get("limit"), 100), 1000)), columns, name)


class AgendaRoutes(Routes):
    @route(
        "GET",
        "/api/agenda",
        summary="The shared booking calendar and my meetings, tasks and watches",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        many=True,
        query={
            "from": "start (ISO date or time; default: now)",
            "to": "end (default: a week after from)",
            "kind": "booking, meeting, task or watch (repeat for several)",
            "everyone": "`true`: everyone's items, not only mine",
        },
    )
    def agenda(self, req):
        """What overlaps the period, earliest first: everyone's bookings, and the items I
        own or am invited to."""
        start = req.args.get("from") or datetime.now(timezone.utc).isoformat()
        try:
            end = req.args.get("to") or (datetime.fromisoformat(start[:10]) + timedelta(days=7)).isoformat()
        except (ValueError, OverflowError):
            raise InvalidInput("from must be a date (2026-11-25) or a time", {"from": "not a date"}) from None
        whose = None if req.args.get("everyone") == "true" else req.principal.username
        kinds = req.request.args.getlist("kind")
        return call(self.case, "agenda_between", whose, start, end, kinds)

    @route(
        "POST",
        "/api/agenda",
        summary="Book, plan a meeting, add a task or a watch",
        tag="agenda",
        roles=STAFF,
        body=AgendaItemIn,
        response=AgendaItemOut,
        status=201,
        errors=(409,),
    )
    def add_item(self, req):
        """A booking that overlaps another of the same resource is refused (409)."""
        return call(self.case, "add_agenda_item", req.body, req.principal.username)

    @route(
        "GET",
        "/api/agenda/tasks",
        summary="My open tasks",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        many=True,
    )
    def tasks(self, req):
        return call(self.case, "open_tasks", req.principal.username)

    @route(
        "GET",
        "/api/agenda/watches",
        summary="My watch list: the watches I own or am invited to that are still open",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        many=True,
        query=PAGE_QUERY,
        raw=True,
    )
    def watches(self, req):
        """JSON a page at a time, or with `format=csv` all of them as one file."""
        case, username = self.case, req.principal.username
        return own_list(
            req.args,
            lambda after, limit: call(case, "list_watches", username, limit, after),
            AgendaItemOut,
            "watches",
        )

    @route(
        "GET",
        "/api/agenda/at-login",
        summary="What pops up first at login",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        many=True,
    )
    def at_login(self, req):
        return call(self.case, "at_login", req.principal.username)

    @route(
        "POST",
        "/api/agenda/<int:item_id>/done",
        summary="Mark a task done",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        errors=(403, 404),
    )
    def done(self, req, item_id):
        return call(self.case, "finish_agenda_item", item_id, req.principal.username, False)

    @route(
        "POST",
        "/api/agenda/<int:item_id>/cancel",
        summary="Cancel an item (frees a booking)",
        tag="agenda",
        roles=STAFF,
        response=AgendaItemOut,
        errors=(403, 404),
    )
    def cancel(self, req, item_id):
        return call(self.case, "finish_agenda_item", item_id, req.principal.username, True)

    @route(
        "POST",
        "/api/personal",
        summary="Add to my mileage or expense list",
        tag="agenda",
        roles=STAFF,
        body=PersonalEntryIn,
        response=PersonalEntryOut,
        status=201,
    )
    def add_personal(self, req):
        return call(self.case, "add_personal_entry", req.body, req.principal.username)

    @route(
        "GET",
        "/api/personal",
        summary="My kilometres and expenses per month, and the year's totals",
        tag="agenda",
        roles=STAFF,
        query={"year": "the year (default: this year)"},
    )
    def personal(self, req):
        return call(
            self.case, "personal_sums", req.principal.username, req.args.get("year", datetime.now().year)
        )

    @route(
        "GET",
        "/api/personal/entries",
        summary="The lines of my mileage and expense list",
        tag="agenda",
        roles=STAFF,
        response=PersonalEntryOut,
        many=True,
        query={"year": "the year (default: this year)", **PAGE_QUERY},
        raw=True,
    )
    def personal_entries(self, req):
        """JSON a page at a time, or with `format=csv` the whole year as one file."""
        case, username = self.case, req.principal.username
        asked = req.args.get("year")
        year = positive_id(asked, "year") if asked else datetime.now().year  # a number: the file's name
        return own_list(
            req.args,
            lambda after, limit: call(case, "list_personal_entries", username, year, limit, after),
            PersonalEntryOut,
            f"personal-{year}",
        )

    @route(
        "POST",
        "/api/correspondence",
        summary="Register a letter in or out",
        tag="papers",
        roles=STAFF,
        body=LetterIn,
        response=LetterOut,
        status=201,
    )
    def register_letter(self, req):
        """A reply deadline reminds the person it is forwarded to, `remind_days_before`."""
        return call(self.case, "register_letter", req.body, req.principal.username)

    @route(
        "GET",
        "/api/correspondence",
        summary="The mail register",
        tag="papers",
        roles=STAFF,
        response=LetterOut,
        many=True,
        query={
            "direction": "in or out",
            "awaiting_reply": "`true`: only those still to answer",
            "customer_id": "only this customer's",
        },
    )
    def letters(self, req):
        return call(
            self.case,
            "list_letters",
            req.args.get("direction"),
            req.args.get("awaiting_reply") == "true",
            req.args.get("customer_id"),
        )

    @route(
        "POST",
        "/api/correspondence/<int:letter_id>/forward",
        summary="Forward a letter to a person or department",
        tag="papers",
        roles=STAFF,
        body=ForwardIn,
        response=LetterOut,
        errors=(404,),
    )
    def forward(self, req, letter_id):
        return call(self.case, "forward_letter", letter_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/correspondence/<int:letter_id>/replied",
        summary="The letter is answered: its reminder stops",
        tag="papers",
        roles=STAFF,
        body=RepliedIn,
        response=LetterOut,
        errors=(404,),
    )
    def replied(self, req, letter_id):
        return call(self.case, "letter_replied", letter_id, req.body)

    @route(
        "POST",
        "/api/documents",
        summary="Register a contract, policy or other document",
        tag="papers",
        roles=STAFF,
        body=DocumentIn,
        response=DocumentOut,
        status=201,
    )
    def register_document(self, req):
        """An expiry date reminds the one responsible `remind_days_before` it."""
        return call(self.case, "register_document", req.body, req.principal.username)

    @route(
        "GET",
        "/api/documents",
        summary="Documents, soonest to expire first",
        tag="papers",
        roles=STAFF,
        response=DocumentOut,
        many=True,
        query={"customer_id": "only this customer's", "expiring_within_days": "only those expiring by then"},
    )
    def documents(self, req):
        return call(
            self.case, "list_documents", req.args.get("customer_id"), req.args.get("expiring_within_days")
        )

"""Customer routes: the register, the log, notes, contacts, merges and the 360° view (C1, C6–C9, G1)."""

from __future__ import annotations

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate, CustomerOut, CustomerUpdate
from crm_common.contracts.customer.duplicates import MergeIn, MergeOut
from crm_common.contracts.customer.log import LogEntryIn, LogEntryOut, NoteIn, NoteOut
from crm_common.contracts.customer.matching import MatchHit
from crm_common.contracts.customer.registration import CustomerCreated, CustomerUpdated
from crm_common.contracts.customer.relations import EmploymentIn, EmploymentOut, PhoneMatch
from gateway import id_searches, overview, users
from gateway import schemas as s
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route


class CustomersRoutes(Routes):
    @route(
        "POST",
        "/api/customers/match",
        summary="Look-alikes of an unsaved customer, with scores and reasons",
        tag="customers",
        roles=STAFF,
        body=CustomerCreate,
        response=MatchHit,
        many=True,
        errors=(429,),
    )
    def match_customer(self, req):
        """Nothing is stored. Each hit has a score in [0, 1], a verdict (duplicate, review,
        distinct) and what agreed or differed per field. A national id in it is a search
        by national id: recorded, and limited for those who see ids masked (429)."""
        return id_searches.searched(
            self.db,
            req.principal,
            req.request.remote_addr,
            id_searches.national_id_in(req.body),
            lambda: call(self.customer, "match_customer", req.body),
            where="look-alike check",
        )

    @route(
        "POST",
        "/api/customers",
        summary="Register a person or an organisation (matched against the register first)",
        tag="customers",
        roles=STAFF,
        body=CustomerCreate,
        response=CustomerCreated,
        status=201,
        errors=(409, 429),
        query={"confirm_new": "true to create it even if it looks like a duplicate"},
    )
    def create_customer(self, req):
        """A probable duplicate is refused with 409 and the look-alikes in `matches`;
        repeat with `?confirm_new=true` once you know it is a new customer. Look-alikes
        that only need a review come back in `matches` of the created customer."""
        confirm = req.args.get("confirm_new", "").lower() in ("1", "true", "yes")
        return id_searches.searched(
            self.db,
            req.principal,
            req.request.remote_addr,
            id_searches.national_id_in(req.body),
            lambda: call(self.customer, "create_customer", req.body, confirm),
            where="new customer",
            hits=lambda made: len(made.get("matches") or []),
        )

    @route(
        "GET",
        "/api/customers",
        summary="Search by name, phone, e-mail, id or number",
        tag="customers",
        roles=STAFF,
        response=CustomerOut,
        many=True,
        query={"q": "what to look for", "limit": "at most this many (default 50)"},
        errors=(429,),
    )
    def search_customers(self, req):
        """A `q` that is or holds a national id is recorded (`national_id_searched`, the
        value masked, with the number of hits), and for those who see ids masked limited to
        CRM_NATIONAL_ID_SEARCHES_PER_HOUR an hour: over it, 429 with Retry-After."""
        q, limit = req.args.get("q", ""), query_limit(req.args.get("limit"), 50)
        return id_searches.searched(
            self.db,
            req.principal,
            req.request.remote_addr,
            q,
            lambda: call(self.customer, "search_customers", q, limit),
            where="customer search",
        )

    @route(
        "GET",
        "/api/customers/by-phone",
        summary="Who owns this number (any format)",
        tag="customers",
        roles=STAFF,
        response=PhoneMatch,
        many=True,
        query={"number": "the phone number", "region": "country to read a national number in"},
    )
    def find_by_phone(self, req):
        return call(self.customer, "find_by_phone", req.args.get("number", ""), req.args.get("region"))

    @route(
        "GET",
        "/api/customers/<int:customer_id>",
        summary="One customer",
        tag="customers",
        roles=STAFF,
        response=CustomerOut,
        errors=(404,),
    )
    def get_customer(self, req, customer_id):
        return call(self.customer, "get_customer", customer_id)

    @route(
        "PATCH",
        "/api/customers/<int:customer_id>",
        summary="Change a customer; old addresses are kept",
        tag="customers",
        roles=STAFF,
        body=CustomerUpdate,
        response=CustomerUpdated,
        errors=(404, 409),
    )
    def update_customer(self, req, customer_id):
        """A change to the e-mail addresses ends the portal access of any address the
        customer no longer has (gateway/users.py)."""
        emails = isinstance(req.body, dict) and "emails" in req.body
        before = call(self.customer, "get_customer", customer_id) if emails else None
        updated = call(self.customer, "update_customer", customer_id, req.body)
        if emails:
            with self.db.transaction() as session:
                users.end_portal_access_of_lost_addresses(
                    session, before, updated, req.principal, req.request.remote_addr
                )
        return updated

    @route(
        "GET",
        "/api/customers/<int:customer_id>/overview",
        summary="The 360° view",
        tag="customers",
        roles=STAFF,
        response=s.OverviewOut,
        errors=(404,),
    )
    def customer_overview(self, req, customer_id):
        """Everything about the customer in one answer; a section whose service is down
        says "unavailable" and the rest still answers. After the sale: `deliveries` (with
        the carrier's tracking link), `returns` (lines with reasons, credit note, refund),
        `refunds`, `invoices` (and credit notes), `devices` (warranty, service jobs) and
        `memberships` (with renewal), each {items: newest 10, more: older ones exist}."""
        view = overview.compose(
            {n: getattr(self, n) for n in ("customer", "order", "case", "messaging", "telephony")},
            customer_id,
            after_sales=True,
        )
        return view

    @route(
        "POST",
        "/api/customers/<int:customer_id>/merge",
        summary="Fold another customer into this one",
        tag="customers",
        roles=SUPERVISOR,
        body=MergeIn,
        response=CustomerOut,
        errors=(404, 409),
    )
    def merge_customers(self, req, customer_id):
        """Everything the other customer has — phones, e-mails, addresses, notes, contacts,
        and in the other services orders, cases, calls and messages — moves to this one.
        The other id keeps resolving here; the merge is kept in /merges with a snapshot."""
        body = load(MergeIn(), req.body)
        return call(self.customer, "merge_customers", customer_id, body["merged_id"], req.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/merges",
        summary="The merges this customer took part in (audit trail)",
        tag="customers",
        roles=STAFF,
        response=MergeOut,
        many=True,
    )
    def list_merges(self, req, customer_id):
        return call(self.customer, "list_merges", customer_id)

    @route(
        "POST",
        "/api/customers/<int:customer_id>/notes",
        summary="Add a note",
        tag="customers",
        roles=STAFF,
        body=NoteIn,
        response=NoteOut,
        status=201,
        errors=(404, 409),
    )
    def add_note(self, req, customer_id):
        return call(self.customer, "add_note", customer_id, req.principal.username, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/notes",
        summary="Notes, newest first",
        tag="customers",
        roles=STAFF,
        response=NoteOut,
        many=True,
        query={"limit": "default 50"},
    )
    def list_notes(self, req, customer_id):
        return call(self.customer, "list_notes", customer_id, query_limit(req.args.get("limit"), 50))

    @route(
        "POST",
        "/api/customers/<int:customer_id>/log",
        summary="Add to the customer log: red, yellow or green, for as long as it matters",
        tag="customers",
        roles=STAFF,
        body=LogEntryIn,
        response=LogEntryOut,
        status=201,
        errors=(404, 409),
    )
    def add_log_entry(self, req, customer_id):
        """Red entries pop up when the customer is opened (unless `pop_up` is false);
        `remind_at_login` shows the entry at my next logins while it is relevant."""
        return call(self.customer, "add_log_entry", customer_id, req.principal.username, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/log",
        summary="The customer log entries still relevant, red first",
        tag="customers",
        roles=STAFF,
        response=LogEntryOut,
        many=True,
    )
    def customer_log(self, req, customer_id):
        return call(self.customer, "customer_log", customer_id)

    @route(
        "GET",
        "/api/log/at-login",
        summary="My customer-log entries marked 'remind me at login'",
        tag="customers",
        roles=STAFF,
        response=LogEntryOut,
        many=True,
    )
    def log_at_login(self, req):
        return call(self.customer, "log_at_login", req.principal.username)

    @route(
        "POST",
        "/api/customers/<int:customer_id>/employments",
        summary="Link a person to this organisation (contact person, newsletter)",
        tag="customers",
        roles=STAFF,
        body=EmploymentIn,
        response=EmploymentOut,
        status=201,
        errors=(404, 409),
    )
    def link_person(self, req, customer_id):
        return call(self.customer, "link_person", customer_id, req.body)

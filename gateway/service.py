"""Gateway entrypoints: each is one route, thin — parse, check, call, return."""

from __future__ import annotations

import hmac
import json

from nameko.rpc import RpcProxy

from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.contracts.case import CaseCreate, CaseOut
from crm_common.contracts.customer import (
    AddressBlockIn,
    AddressBlockOut,
    AddressCheckIn,
    AddressWarning,
    CustomerCreate,
    CustomerCreated,
    CustomerOut,
    CustomerUpdate,
    DecisionIn,
    DuplicateReportOut,
    DuplicateScanOut,
    EmploymentIn,
    EmploymentOut,
    ImportIn,
    ImportOut,
    MatchHit,
    MergeIn,
    MergeOut,
    NoteIn,
    NoteOut,
    PhoneMatch,
    RegistrationIn,
    RegistrationOut,
    ReviewItemOut,
)
from crm_common.contracts.order import OrderCreate, OrderOut, ProductCreate, ProductOut
from crm_common.contracts.telephony import CallEventIn, CallOut
from crm_common.errors import InvalidInput, Unauthorized
from crm_common.storage import Database
from crm_common.uploads import decode_upload
from gateway import docs, overview, users
from gateway import schemas as s
from gateway.auth import STAFF, Principal, issue_token
from gateway.openapi import build_spec
from gateway.remote import UNAVAILABLE, call, gather
from gateway.routing import PUBLIC, json_response, principal_from, route

ADMIN = ("admin",)
SUPERVISOR = ("supervisor",)
PBX = ("pbx",)


class GatewayService:
    name = "gateway"
    db = Database()
    customer = RpcProxy("customer")
    order = RpcProxy("order")
    case = RpcProxy("case")
    messaging = RpcProxy("messaging")
    telephony = RpcProxy("telephony")

    def authenticate(self, request) -> Principal:
        key = request.headers.get("X-API-Key")
        if key is not None:
            return self._pbx(key)
        return principal_from(request, load_settings().secret_key)

    def _pbx(self, key: str) -> Principal:
        if not hmac.compare_digest(key.encode(), load_settings().pbx_api_key.encode()):
            raise Unauthorized("wrong PBX key", {"X-API-Key": "wrong key"})
        return Principal("pbx", "pbx")

    # --- platform ---------------------------------------------------------------------
    @route(
        "GET",
        "/api/health",
        summary="Is every service up?",
        tag="platform",
        roles=PUBLIC,
        response=s.HealthOut,
        errors=(503,),
        raw=True,
    )
    def health(self, c):
        """200 when every service answers within a second, 503 (with the same body) when
        one does not; no login needed, for load balancers and compose health checks."""
        names = ("customer", "order", "case", "messaging", "telephony")
        results = gather({n: (getattr(self, n), "ping", ()) for n in names}, timeout=1.0)
        services = {n: "down" if results[n] == UNAVAILABLE else "up" for n in names}
        ok = all(v == "up" for v in services.values())
        return json_response(200 if ok else 503, {"status": "ok" if ok else "degraded", "services": services})

    @route("GET", "/api/openapi.json", summary="This document", tag="platform", roles=PUBLIC)
    def openapi(self, c):
        return build_spec()

    @route(
        "GET",
        "/api/docs",
        summary="Interactive API documentation (HTML)",
        tag="platform",
        roles=PUBLIC,
        raw=True,
    )
    def docs_page(self, c):
        return docs.page()

    @route(
        "GET",
        "/api/docs/<name>",
        summary="Assets of the documentation page",
        tag="platform",
        roles=PUBLIC,
        raw=True,
    )
    def docs_asset(self, c, name):
        return docs.asset(name)

    # --- auth -------------------------------------------------------------------------
    @route(
        "POST",
        "/api/auth/token",
        summary="Log in: username and password give a bearer token",
        tag="auth",
        roles=PUBLIC,
        body=s.TokenIn,
        response=s.TokenOut,
        errors=(401,),
    )
    def token(self, c):
        valid = load(s.TokenIn(), c.body)
        settings = load_settings()
        with self.db.read() as session:
            principal = users.authenticate(session, valid["username"], valid["password"])
        return {
            "access_token": issue_token(principal, settings.secret_key, settings.token_ttl_seconds),
            "token_type": "bearer",
            "expires_in": settings.token_ttl_seconds,
            "role": principal.role,
        }

    @route(
        "POST",
        "/api/users",
        summary="Create a login",
        tag="auth",
        roles=ADMIN,
        body=s.UserCreate,
        response=s.UserOut,
        status=201,
        errors=(409,),
    )
    def create_user(self, c):
        valid = load(s.UserCreate(), c.body)
        with self.db.transaction() as session:
            return s.UserOut().dump(users.create_user(session, **valid))

    @route("GET", "/api/me", summary="Who am I", tag="auth", roles=STAFF + ("customer",))
    def me(self, c):
        p = c.principal
        return {"username": p.username, "role": p.role, "customer_id": p.customer_id}

    # --- customers --------------------------------------------------------------------
    @route(
        "POST",
        "/api/customers/match",
        summary="Look-alikes of an unsaved customer, with scores and reasons",
        tag="customers",
        roles=STAFF,
        body=CustomerCreate,
        response=MatchHit,
        many=True,
    )
    def match_customer(self, c):
        """Nothing is stored. Each hit has a score in [0, 1], a verdict (duplicate, review,
        distinct) and what agreed or differed per field."""
        return call(self.customer, "match_customer", c.body)

    @route(
        "POST",
        "/api/customers",
        summary="Register a person or an organisation (matched against the register first)",
        tag="customers",
        roles=STAFF,
        body=CustomerCreate,
        response=CustomerCreated,
        status=201,
        errors=(409,),
        query={"confirm_new": "true to create it even if it looks like a duplicate"},
    )
    def create_customer(self, c):
        """A probable duplicate is refused with 409 and the look-alikes in `matches`;
        repeat with `?confirm_new=true` once you know it is a new customer. Look-alikes
        that only need a review come back in `matches` of the created customer."""
        confirm = c.args.get("confirm_new", "").lower() in ("1", "true", "yes")
        return call(self.customer, "create_customer", c.body, confirm)

    @route(
        "GET",
        "/api/customers",
        summary="Search by name, phone, e-mail, id or number",
        tag="customers",
        roles=STAFF,
        response=CustomerOut,
        many=True,
        query={"q": "what to look for", "limit": "at most this many (default 50)"},
    )
    def search_customers(self, c):
        return call(self.customer, "search_customers", c.args.get("q", ""), _limit(c.args.get("limit"), 50))

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
    def find_by_phone(self, c):
        return call(self.customer, "find_by_phone", c.args.get("number", ""), c.args.get("region"))

    @route(
        "GET",
        "/api/customers/<int:customer_id>",
        summary="One customer",
        tag="customers",
        roles=STAFF,
        response=CustomerOut,
        errors=(404,),
    )
    def get_customer(self, c, customer_id):
        return call(self.customer, "get_customer", customer_id)

    @route(
        "PATCH",
        "/api/customers/<int:customer_id>",
        summary="Change a customer; old addresses are kept",
        tag="customers",
        roles=STAFF,
        body=CustomerUpdate,
        response=CustomerOut,
        errors=(404,),
    )
    def update_customer(self, c, customer_id):
        return call(self.customer, "update_customer", customer_id, c.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/overview",
        summary="The 360° view",
        tag="customers",
        roles=STAFF,
        response=s.OverviewOut,
        errors=(404,),
    )
    def customer_overview(self, c, customer_id):
        """Everything about the customer in one answer; a section whose service is down
        says "unavailable" and the rest still answers."""
        view = overview.compose(
            {n: getattr(self, n) for n in ("customer", "order", "case", "messaging", "telephony")},
            customer_id,
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
        errors=(404,),
    )
    def merge_customers(self, c, customer_id):
        """Everything the other customer has — phones, e-mails, addresses, notes, contacts,
        and in the other services orders, cases, calls and messages — moves to this one.
        The other id keeps resolving here; the merge is kept in /merges with a snapshot."""
        body = load(MergeIn(), c.body)
        return call(self.customer, "merge_customers", customer_id, body["merged_id"], c.principal.username)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/merges",
        summary="The merges this customer took part in (audit trail)",
        tag="customers",
        roles=STAFF,
        response=MergeOut,
        many=True,
    )
    def list_merges(self, c, customer_id):
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
        errors=(404,),
    )
    def add_note(self, c, customer_id):
        return call(self.customer, "add_note", customer_id, c.principal.username, c.body)

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
    def list_notes(self, c, customer_id):
        return call(self.customer, "list_notes", customer_id, _limit(c.args.get("limit"), 50))

    @route(
        "POST",
        "/api/customers/<int:customer_id>/employments",
        summary="Link a person to this organisation (contact person, newsletter)",
        tag="customers",
        roles=STAFF,
        body=EmploymentIn,
        response=EmploymentOut,
        status=201,
        errors=(404,),
    )
    def link_person(self, c, customer_id):
        return call(self.customer, "link_person", customer_id, c.body)

    # --- duplicates --------------------------------------------------------------------
    @route(
        "POST",
        "/api/duplicates",
        summary="Start a run over the whole register for duplicate pairs",
        tag="duplicates",
        roles=SUPERVISOR,
        response=DuplicateScanOut,
        status=202,
    )
    def start_duplicate_scan(self, c):
        """Answers at once; GET /api/duplicates shows the progress and the pairs found."""
        return call(self.customer, "start_duplicate_scan", c.principal.username)

    @route(
        "GET",
        "/api/duplicates",
        summary="Probable duplicate pairs in the register, most alike first, with the run's progress",
        tag="duplicates",
        roles=STAFF,
        response=DuplicateReportOut,
        errors=(404,),
        query={
            "scan_id": "a given run (default: the newest)",
            "limit": "default 100",
            "verdict": "duplicate or review",
        },
    )
    def duplicate_report(self, c):
        scan_id = c.args.get("scan_id")
        return call(
            self.customer,
            "duplicate_report",
            None if scan_id is None else positive_id(scan_id, "scan_id"),
            _limit(c.args.get("limit"), 100),
            c.args.get("verdict"),
        )

    # --- import ------------------------------------------------------------------------
    @route(
        "POST",
        "/api/customers/import",
        summary="Import customers from CSV, matching every row on the way in",
        tag="import",
        roles=SUPERVISOR,
        body=ImportIn,
        response=ImportOut,
        status=202,
        form=True,
    )
    def start_import(self, c):
        """JSON ({"csv": "...", "mapping": {...}, "mode": "review"}) or a multipart form with
        the file in `file`, `mapping` as JSON and `mode`. Answers at once with the job;
        follow it at /api/imports/{id}."""
        body = c.body if isinstance(c.body, dict) else {}
        upload = c.request.files.get("file")
        if upload is not None:
            body = {**body, "csv": decode_upload(upload.read()), "filename": upload.filename or "upload.csv"}
        if isinstance(body.get("mapping"), str):
            body["mapping"] = parse_json_field(body["mapping"], "mapping")
        return call(self.customer, "start_import", body, c.principal.username)

    @route(
        "GET",
        "/api/imports/<int:import_id>",
        summary="An import's progress and its report of rows worth a look",
        tag="import",
        roles=STAFF,
        response=ImportOut,
        errors=(404,),
    )
    def get_import(self, c, import_id):
        return call(self.customer, "get_import", import_id)

    # --- review queue ------------------------------------------------------------------
    @route(
        "POST",
        "/api/registrations",
        summary="A customer registering from outside: created, or held for review",
        tag="review",
        roles=STAFF,
        body=RegistrationIn,
        response=RegistrationOut,
        status=201,
    )
    def submit_registration(self, c):
        """Clean registrations are created at once. One that looks like a customer already
        in the register, or whose address is blocked or doubtful, waits in /api/review."""
        return call(self.customer, "submit_registration", c.body, c.principal.username)

    @route(
        "GET",
        "/api/review",
        summary="Registrations waiting for a decision",
        tag="review",
        roles=STAFF,
        response=ReviewItemOut,
        many=True,
        query={"limit": "default 100"},
    )
    def list_review(self, c):
        return call(self.customer, "list_review", _limit(c.args.get("limit"), 100))

    @route(
        "GET",
        "/api/review/<int:review_id>",
        summary="One review item",
        tag="review",
        roles=STAFF,
        response=ReviewItemOut,
        errors=(404,),
    )
    def get_review(self, c, review_id):
        return call(self.customer, "get_review", review_id)

    @route(
        "POST",
        "/api/review/<int:review_id>/decision",
        summary="Approve as new, merge into an existing customer, or reject",
        tag="review",
        roles=STAFF,
        body=DecisionIn,
        response=ReviewItemOut,
        errors=(404, 409),
    )
    def decide_review(self, c, review_id):
        return call(self.customer, "decide_review", review_id, c.body, c.principal.username)

    # --- addresses ---------------------------------------------------------------------
    @route(
        "POST",
        "/api/address-blocks",
        summary="Block a postal code, a range, a street in a town or one address",
        tag="addresses",
        roles=SUPERVISOR,
        body=AddressBlockIn,
        response=AddressBlockOut,
        status=201,
    )
    def create_address_block(self, c):
        """A customer created or moved to a blocked place comes back with a warning."""
        return call(self.customer, "create_address_block", c.body, c.principal.username)

    @route(
        "GET",
        "/api/address-blocks",
        summary="Address blocks",
        tag="addresses",
        roles=STAFF,
        response=AddressBlockOut,
        many=True,
    )
    def list_address_blocks(self, c):
        return call(self.customer, "list_address_blocks")

    @route(
        "DELETE",
        "/api/address-blocks/<int:block_id>",
        summary="Lift an address block",
        tag="addresses",
        roles=SUPERVISOR,
        status=204,
        errors=(404,),
    )
    def delete_address_block(self, c, block_id):
        return call(self.customer, "delete_address_block", block_id)

    @route(
        "POST",
        "/api/addresses/check",
        summary="Check addresses against blocks and the postal registers",
        tag="addresses",
        roles=STAFF,
        body=AddressCheckIn,
        response=AddressWarning,
        many=True,
    )
    def check_addresses(self, c):
        """Nothing is stored. Postal codes of SE, NO, DK, FI, IS, FO, GL and AX are looked
        up in the official registers: an unknown code or a town elsewhere is flagged."""
        body = c.body if isinstance(c.body, dict) else {}
        return call(self.customer, "check_addresses", body.get("addresses"), body.get("country"))

    # --- orders -----------------------------------------------------------------------
    @route(
        "POST",
        "/api/products",
        summary="Add a product",
        tag="orders",
        roles=ADMIN,
        body=ProductCreate,
        response=ProductOut,
        status=201,
        errors=(409,),
    )
    def create_product(self, c):
        return call(self.order, "create_product", c.body)

    @route(
        "GET",
        "/api/products",
        summary="Products with stock",
        tag="orders",
        roles=STAFF,
        response=ProductOut,
        many=True,
    )
    def list_products(self, c):
        return call(self.order, "list_products")

    @route(
        "POST",
        "/api/orders",
        summary="Place an order; each line ships now or says when",
        tag="orders",
        roles=STAFF,
        body=OrderCreate,
        response=OrderOut,
        status=201,
    )
    def place_order(self, c):
        return call(self.order, "place_order", c.body)

    @route(
        "GET",
        "/api/orders/<int:order_id>",
        summary="One order",
        tag="orders",
        roles=STAFF,
        response=OrderOut,
        errors=(404,),
    )
    def get_order(self, c, order_id):
        return call(self.order, "get_order", order_id)

    # --- cases ------------------------------------------------------------------------
    @route(
        "POST",
        "/api/cases",
        summary="Open a case; the customer gets a confirmation",
        tag="cases",
        roles=STAFF,
        body=CaseCreate,
        response=CaseOut,
        status=201,
    )
    def open_case(self, c):
        return call(self.case, "open_case", c.body, c.principal.username)

    @route(
        "GET",
        "/api/cases/<int:case_id>",
        summary="One case",
        tag="cases",
        roles=STAFF,
        response=CaseOut,
        errors=(404,),
    )
    def get_case(self, c, case_id):
        return call(self.case, "get_case", case_id)

    # --- telephony --------------------------------------------------------------------
    @route(
        "POST",
        "/api/telephony/events",
        summary="A call event from the PBX",
        tag="telephony",
        roles=PBX,
        body=CallEventIn,
        response=CallOut,
    )
    def call_event(self, c):
        """ringing / answered / transferred / hangup. Authenticate with `X-API-Key`."""
        return call(self.telephony, "handle_call_event", c.body)

    @route(
        "POST",
        "/api/telephony/cti/<token>",
        summary="Zammad-compatible generic CTI push",
        tag="telephony",
        roles=PUBLIC,
        body=s.ZammadAck,
        response=s.ZammadAck,
        form=True,
    )
    def zammad_cti(self, c, token):
        """For a PBX set up for Zammad's generic CTI API: the same fields (event newCall|
        answer|hangup, from, to, direction, callId, user[], queue, cause, answeringNumber),
        form-encoded or JSON; the PBX key is the last path segment. Answers `{}`."""
        self._pbx(token)
        call(self.telephony, "handle_zammad_event", c.body)
        return {}

    @route(
        "GET",
        "/api/telephony/calls/active",
        summary="Calls ringing or in progress",
        tag="telephony",
        roles=STAFF,
        response=CallOut,
        many=True,
    )
    def active_calls(self, c):
        return call(self.telephony, "active_calls")


def parse_json_field(text: str, field: str):
    try:
        return json.loads(text)
    except ValueError:
        raise InvalidInput(f"{field} must be JSON", {field: "not JSON"}) from None


def _limit(value, default: int) -> int:
    if value is None:
        return default
    return positive_id(value, "limit")

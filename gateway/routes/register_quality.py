"""Register-quality routes: duplicate report, imports, review queue, address checks (C2-C5, C11)."""

from __future__ import annotations

from crm_common.contracts import load, positive_id
from crm_common.contracts.customer.addresses import (
    AddressBlockIn,
    AddressBlockOut,
    AddressCheckIn,
    AddressWarning,
)
from crm_common.contracts.customer.duplicates import DuplicateGroupsOut, DuplicateReportOut, DuplicateScanOut
from crm_common.contracts.customer.imports import ImportIn, ImportOut
from crm_common.contracts.customer.registration import RegistrationIn, RegistrationOut
from crm_common.contracts.customer.review import DecisionIn, ReviewItemOut
from crm_common.uploads import decode_upload
from gateway import id_searches
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import parse_json_field, query_limit, route


class RegisterQualityRoutes(Routes):
    @route(
        "POST",
        "/api/duplicates",
        summary="Start a run over the whole register for duplicate pairs",
        tag="duplicates",
        roles=SUPERVISOR,
        response=DuplicateScanOut,
        status=202,
    )
    def start_duplicate_scan(self, req):
        """Answers at once; GET /api/duplicates shows the progress and the pairs found."""
        return call(self.customer, "start_duplicate_scan", req.principal.username)

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
    def duplicate_report(self, req):
        scan_id = req.args.get("scan_id")
        return call(
            self.customer,
            "duplicate_report",
            None if scan_id is None else positive_id(scan_id, "scan_id"),
            query_limit(req.args.get("limit"), 100),
            req.args.get("verdict"),
        )

    @route(
        "GET",
        "/api/duplicates/groups",
        summary="Customers a finished run found to be one, biggest group first: what to merge",
        tag="duplicates",
        roles=STAFF,
        response=DuplicateGroupsOut,
        errors=(404,),
        query={"scan_id": "a given run (default: the newest)", "limit": "default 100"},
    )
    def duplicate_groups(self, req):
        """A group joins customers through their duplicate pairs: if A is B and A is C,
        B is C. Two customers whose birthday or id disagree, or whose given names differ
        with nothing personal (birthday, id, e-mail) alike, are never put in one group."""
        scan_id = req.args.get("scan_id")
        return call(
            self.customer,
            "duplicate_groups",
            None if scan_id is None else positive_id(scan_id, "scan_id"),
            query_limit(req.args.get("limit"), 100),
        )

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
    def start_import(self, req):
        """JSON ({"csv": "...", "mapping": {...}, "mode": "review"}) or a multipart form with
        the file in `file`, `mapping` as JSON and `mode`. Answers at once with the job;
        follow it at /api/imports/{id}."""
        body = req.body if isinstance(req.body, dict) else {}
        upload = req.request.files.get("file")
        if upload is not None:
            body = {**body, "csv": decode_upload(upload.read()), "filename": upload.filename or "upload.csv"}
        if isinstance(body.get("mapping"), str):
            body["mapping"] = parse_json_field(body["mapping"], "mapping")
        return call(self.customer, "start_import", body, req.principal.username)

    @route(
        "GET",
        "/api/imports/<int:import_id>",
        summary="An import's progress and its report of rows worth a look",
        tag="import",
        roles=STAFF,
        response=ImportOut,
        errors=(404,),
    )
    def get_import(self, req, import_id):
        return call(self.customer, "get_import", import_id)

    @route(
        "POST",
        "/api/registrations",
        summary="A customer registering from outside: created, or held for review",
        tag="review",
        roles=STAFF,
        body=RegistrationIn,
        response=RegistrationOut,
        status=201,
        errors=(429,),
    )
    def submit_registration(self, req):
        """Clean registrations are created at once. One that looks like a customer already
        in the register, or whose address is blocked or doubtful, waits in /api/review.
        One with a national id is a search by it (gateway/id_searches.py): recorded, and
        limited for those who see ids masked (429)."""
        customer = req.body.get("customer") if isinstance(req.body, dict) else None
        return id_searches.searched(
            self.db,
            req.principal,
            req.request.remote_addr,
            id_searches.national_id_in(customer),
            lambda: call(self.customer, "submit_registration", req.body, req.principal.username),
            where="registration",
            hits=lambda got: int(got.get("status") == "pending_review"),
        )

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
    def list_review(self, req):
        return call(self.customer, "list_review", query_limit(req.args.get("limit"), 100))

    @route(
        "GET",
        "/api/review/<int:review_id>",
        summary="One review item",
        tag="review",
        roles=STAFF,
        response=ReviewItemOut,
        errors=(404,),
    )
    def get_review(self, req, review_id):
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
    def decide_review(self, req, review_id):
        return call(self.customer, "decide_review", review_id, req.body, req.principal.username)

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
    def create_address_block(self, req):
        """A customer created or moved to a blocked place comes back with a warning."""
        return call(self.customer, "create_address_block", req.body, req.principal.username)

    @route(
        "GET",
        "/api/address-blocks",
        summary="Address blocks",
        tag="addresses",
        roles=STAFF,
        response=AddressBlockOut,
        many=True,
    )
    def list_address_blocks(self, req):
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
    def delete_address_block(self, req, block_id):
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
    def check_addresses(self, req):
        """Nothing is stored. Postal codes of SE, NO, DK, FI, IS, FO, GL and AX are looked
        up in the official registers: an unknown code or a town elsewhere is flagged."""
        load(AddressCheckIn(), req.body)  # the body as the document has it: no field it does not name
        return call(self.customer, "check_addresses", req.body["addresses"], req.body.get("country"))

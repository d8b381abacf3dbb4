"""Data-protection requests (GDPR art. 15 and 17): a person's data exported from every
service, and erased everywhere (gateway/data_requests.py)."""

from __future__ import annotations

import json

from marshmallow import Schema, fields, validate
from nameko.events import event_handler
from werkzeug.wrappers import Response

from crm_common.clock import utcnow
from crm_common.contracts import load
from gateway import audit, data_requests, masking
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN, SUPERVISOR
from gateway.routing import _json_default, route


class ErasureIn(Schema):
    confirm = fields.Bool(
        required=True,
        validate=validate.Equal(True, error="must be true: erasure cannot be undone"),
        metadata={"description": "true: the person's data goes for good"},
    )
    reason = fields.Str(
        required=True,
        validate=validate.Length(min=3, max=500),
        metadata={"description": "why, e.g. the request's reference; kept in the audit trail"},
    )


class ErasureOut(Schema):
    customer_id = fields.Int(
        metadata={"description": "the person erased (a merged-away id gives the one it became)"}
    )
    customer_ids = fields.List(fields.Int(), metadata={"description": "with the ids merged into it"})
    erased_at = fields.DateTime()
    already_erased = fields.Bool(metadata={"description": "true: it had been erased before, nothing changed"})


class DataRequestsRoutes(Routes):
    @route(
        "GET",
        "/api/customers/<int:customer_id>/export",
        summary="Everything every service holds on a person, as one JSON file (GDPR art. 15)",
        tag="customers",
        roles=SUPERVISOR,
        raw=True,
        produces="application/json",
        errors=(404, 503),
    )
    def export_personal_data(self, req, customer_id):
        """Supervisors and admins: the request is the person's, answered by staff who see
        national ids whole. A download (Content-Disposition: attachment) with the
        register's record (addresses with history, phones, e-mails, notes, log, contact
        persons, merges, selections), the order book's (orders, invoices, payments,
        returns, devices, memberships, offers, quotes, credit), the cases with their
        journals, agenda and papers, the messages sent and opt-outs, the calls, and the
        gateway's portal login, login links and audit entries. All or nothing: a service
        that does not answer makes it a 503, never a partial file. Recorded in the audit
        trail as `customer_exported`."""
        proxies = {n: getattr(self, n) for n in data_requests.SERVICES}
        parts = data_requests.gather_export(proxies, customer_id)
        now = utcnow()
        with self.db.transaction() as session:
            gateway = data_requests.gateway_part(session, data_requests.ids_of(parts))
            person = parts["customer"]["customer"]["id"]
            audit.record(
                session,
                req.principal,
                "customer_exported",
                customer_id=person,
                details=data_requests.export_audit_details(parts),
                address=req.request.remote_addr,
            )
        body = data_requests.document(parts, gateway, req.principal.username, now)
        text = json.dumps(
            masking.for_role(req.principal.role, body), default=_json_default, ensure_ascii=False
        )
        return Response(
            text + "\n",
            status=200,
            mimetype="application/json",
            headers={"Content-Disposition": f'attachment; filename="customer-{person}-personal-data.json"'},
        )

    @route(
        "POST",
        "/api/customers/<int:customer_id>/erase",
        summary="Erase a person's data everywhere, keeping the bookkeeping (GDPR art. 17)",
        tag="customers",
        roles=ADMIN,
        body=ErasureIn,
        response=ErasureOut,
        errors=(404,),
        follows_merges=False,  # erases exactly whom it names
    )
    def erase_personal_data(self, req, customer_id):
        """Admins only, with `{"confirm": true, "reason": "..."}`. The register blanks the
        person at once (names become "Erased"; ids, birthday, phones, e-mails, addresses
        and their history, notes, log texts and contact-person ties go; the person never
        matches a new record again and takes no later change or merge). Within moments
        every other service erases its part: orders and invoices keep amounts, dates and
        numbers; cases keep number and dates, closed, with their texts replaced; messages
        keep date, channel and template without recipient or body; calls lose the number;
        the portal login and login links go and the audit trail's values for the person
        are blanked. The act is recorded there as `customer_erased` with its reason.
        Erasing again changes nothing (`already_erased`). An organisation is refused (400):
        erase its contact persons."""
        body = load(ErasureIn(), req.body)
        return call(self.customer, "erase_customer", customer_id, req.principal.username, body["reason"])

    @event_handler("customer", "customer_erased")
    def on_customer_erased(self, payload):
        """The gateway's part of an erasure, once per event (data_requests.erase)."""
        with self.db.transaction() as session:
            data_requests.erase(session, payload["event_id"], payload["data"])

"""What the desk changes around a customer besides the record itself (C1, C9): an
employment ended, the organisation's holding, and who changed the customer when."""

from __future__ import annotations

from crm_common.contracts import positive_id
from crm_common.contracts.customer.relations import EmploymentEnd, EmploymentOut, HoldingOut
from gateway import customer_changes
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import query_limit, route


class CustomerDetailsRoutes(Routes):
    @route(
        "POST",
        "/api/customers/<int:customer_id>/employments/<int:employment_id>/end",
        summary="End an employment of this person or organisation (kept, with its end date)",
        tag="customers",
        roles=STAFF,
        body=EmploymentEnd,
        response=EmploymentOut,
        errors=(404, 409),
    )
    def end_employment(self, req, customer_id, employment_id):
        """The person stops being a contact person of the organisation from `ended_on`;
        the employment stays in their history. 404 when it is not this customer's."""
        return call(self.customer, "end_employment", customer_id, employment_id, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/holding",
        summary="The organisation's parent and subsidiaries",
        tag="customers",
        roles=STAFF,
        response=HoldingOut,
        errors=(404,),
        query={
            "cursor": "next_cursor of the previous page",
            "limit": "at most this many subsidiaries (default 50, at most 200)",
        },
    )
    def customer_holding(self, req, customer_id):
        cursor = req.args.get("cursor")
        after = positive_id(cursor, "cursor") if cursor else None
        limit = min(query_limit(req.args.get("limit"), 50), 200)
        return call(self.customer, "holding", customer_id, after, limit)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/changes",
        summary="Who changed this customer's details and contact persons, newest first",
        tag="customers",
        roles=STAFF,
        response=customer_changes.CustomerChangesPageOut,
        query={
            "cursor": "next_cursor of the previous page",
            "limit": "at most this many (default 20, at most 500)",
        },
    )
    def customer_changes(self, req, customer_id):
        """From the audit trail: the customer's creation, each change field by field (a
        national id's values hidden), merges, and employments linked and ended. Money
        terms, logins and the client's address are the admin's trail only."""
        limit = query_limit(req.args.get("limit"), 20)
        with self.db.read() as session:
            return customer_changes.changes(session, customer_id, req.args.get("cursor") or None, limit)

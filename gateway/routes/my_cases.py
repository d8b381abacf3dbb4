"""Customer portal case routes (K1, K3): a signed-in customer's own cases."""

from __future__ import annotations

from crm_common.contracts.case.portal import (
    CustomerCaseOut,
    CustomerMessageIn,
    PortalCaseOut,
    PortalInboundOut,
)
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import route


class CustomerCasesRoutes(Routes):
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

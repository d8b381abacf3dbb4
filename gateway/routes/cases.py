"""Case routes (K1, K2)."""

from __future__ import annotations

from crm_common.contracts.case import CaseCreate, CaseOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routing import route


class CasesRoutes:
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

"""Call registration and case reports, as JSON or CSV (K9, K10)."""

from __future__ import annotations

from crm_common.contracts.case.calls import (
    CallCountOut,
    CallRegistrationIn,
    CallRegistrationOut,
    CallTypeIn,
    CallTypeOut,
)
from crm_common.contracts.case.reports import CaseReportOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routes.statistics import PERIOD_QUERY, period_args
from gateway.routing import route
from gateway.tables import table

REPORT_COLUMNS = [
    "opened",
    "solved",
    "open",
    "avg_first_response_minutes",
    "avg_resolution_minutes",
    "with_sla",
    "sla_kept",
    "sla_kept_percent",
]


class CaseReportRoutes(Routes):
    @route(
        "GET",
        "/api/call-types",
        summary="Call types",
        tag="calls",
        roles=STAFF,
        response=CallTypeOut,
        many=True,
    )
    def call_types(self, req):
        return call(self.case, "list_call_types")

    @route(
        "POST",
        "/api/call-types",
        summary="Add a call type",
        tag="calls",
        roles=SUPERVISOR,
        body=CallTypeIn,
        response=CallTypeOut,
        status=201,
        errors=(409,),
    )
    def create_call_type(self, req):
        return call(self.case, "create_call_type", req.body)

    @route(
        "POST",
        "/api/call-registrations",
        summary="Register what a call was about",
        tag="calls",
        roles=STAFF,
        body=CallRegistrationIn,
        response=CallRegistrationOut,
        status=201,
        errors=(409,),
    )
    def register_call(self, req):
        """Every call, whether or not an order or a case came of it; by the agent signed in."""
        return call(self.case, "register_call", req.body, req.principal.username)

    @route(
        "GET",
        "/api/reports/calls",
        summary="Calls per month and type, per agent or external agency",
        tag="calls",
        roles=SUPERVISOR,
        response=CallCountOut,
        many=True,
        query={**PERIOD_QUERY, "by": "type (the default), agent or agency"},
        raw=True,
    )
    def call_report(self, req):
        """The commission basis for an agency: `by=agency&format=csv`."""
        by = req.args.get("by", "type")
        rows = call(self.case, "call_counts", period_args(req.args), by)
        columns = ["month", "call_type", *([by] if by != "type" else []), "calls", "with_order", "with_case"]
        return table(req.args, rows, columns, f"calls-by-{by}")

    @route(
        "GET",
        "/api/reports/cases",
        summary="Cases opened, solved and open, response and resolution times, SLA kept",
        tag="calls",
        roles=SUPERVISOR,
        response=CaseReportOut,
        many=True,
        query={**PERIOD_QUERY, "by": "agent (the default), queue, category or channel"},
        raw=True,
    )
    def case_report(self, req):
        """Per month of opening and per group; times are averages in minutes."""
        by = req.args.get("by", "agent")
        rows = call(self.case, "case_report", period_args(req.args), by)
        columns = ["month", by, *REPORT_COLUMNS]
        return table(req.args, rows, columns, f"cases-by-{by}")

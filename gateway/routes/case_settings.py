"""Case settings routes (K4, K5): agents and their presence, routing rules and weights,
business-hour calendars and SLA policies."""

from __future__ import annotations

from crm_common.contracts.case.routing import (
    AgentIn,
    AgentOut,
    PresenceIn,
    PresenceOut,
    RuleIn,
    RuleOut,
    WeightsIn,
)
from crm_common.contracts.case.sla import CalendarIn, CalendarOut, SlaPolicyIn, SlaPolicyOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN, SUPERVISOR
from gateway.routing import route


class CaseSettingsRoutes(Routes):
    @route(
        "GET",
        "/api/agents",
        summary="Agents with presence and load",
        tag="routing",
        roles=STAFF,
        response=AgentOut,
        many=True,
    )
    def agents(self, req):
        return call(self.case, "list_agents")

    @route(
        "PUT",
        "/api/agents/<username>",
        summary="Create or change an agent: skills, languages, regions, queues, capacity",
        tag="routing",
        roles=SUPERVISOR,
        body=AgentIn,
        response=AgentOut,
        errors=(409,),
    )
    def save_agent(self, req, username):
        return call(self.case, "save_agent", username, req.body)

    @route(
        "POST",
        "/api/agents/<username>/presence",
        summary="Available, away or offline; leaving hands the agent's cases on",
        tag="routing",
        roles=STAFF,
        body=PresenceIn,
        response=PresenceOut,
        errors=(404,),
    )
    def presence(self, req, username):
        """An agent sets their own presence (`me` or their username); a supervisor anyone's."""
        if username == "me":
            username = req.principal.username
        if username != req.principal.username:
            req.principal.require(SUPERVISOR)
        return call(self.case, "set_presence", username, req.body)

    @route(
        "GET",
        "/api/routing/rules",
        summary="The routing rules",
        tag="routing",
        roles=STAFF,
        response=RuleOut,
        many=True,
    )
    def rules(self, req):
        return call(self.case, "list_rules")

    @route(
        "POST",
        "/api/routing/rules",
        summary="Add a routing rule",
        tag="routing",
        roles=ADMIN,
        body=RuleIn,
        response=RuleOut,
        status=201,
        errors=(409,),
    )
    def create_rule(self, req):
        """When every condition named holds, the rule sends the case to `queue` (or
        `agent`) and asks for `skills`; the heaviest rule that holds picks the queue, and
        the skills of all that hold add up."""
        return call(self.case, "create_rule", req.body)

    @route(
        "PUT",
        "/api/routing/rules/<int:rule_id>",
        summary="Replace a routing rule",
        tag="routing",
        roles=ADMIN,
        body=RuleIn,
        response=RuleOut,
        errors=(404, 409),
    )
    def update_rule(self, req, rule_id):
        return call(self.case, "update_rule", rule_id, req.body)

    @route(
        "DELETE",
        "/api/routing/rules/<int:rule_id>",
        summary="Remove a routing rule",
        tag="routing",
        roles=ADMIN,
        status=204,
        errors=(404,),
    )
    def delete_rule(self, req, rule_id):
        call(self.case, "delete_rule", rule_id)

    @route(
        "GET",
        "/api/routing/weights",
        summary="How much each key counts",
        tag="routing",
        roles=STAFF,
        response=WeightsIn,
    )
    def weights(self, req):
        return call(self.case, "get_weights")

    @route(
        "PUT",
        "/api/routing/weights",
        summary="Change how much each key counts",
        tag="routing",
        roles=ADMIN,
        body=WeightsIn,
        response=WeightsIn,
    )
    def set_weights(self, req):
        """An agent's score is skill surplus + language + region + efficiency − load, each
        times its weight."""
        return call(self.case, "set_weights", req.body)

    @route(
        "GET",
        "/api/sla/calendars",
        summary="Business-hour calendars",
        tag="sla",
        roles=STAFF,
        response=CalendarOut,
        many=True,
    )
    def calendars(self, req):
        return call(self.case, "list_calendars")

    @route(
        "POST",
        "/api/sla/calendars",
        summary="Add a business-hour calendar with a country's public holidays",
        tag="sla",
        roles=ADMIN,
        body=CalendarIn,
        response=CalendarOut,
        status=201,
        errors=(409,),
    )
    def create_calendar(self, req):
        return call(self.case, "create_calendar", req.body)

    @route(
        "GET",
        "/api/sla/policies",
        summary="SLA policies",
        tag="sla",
        roles=STAFF,
        response=SlaPolicyOut,
        many=True,
    )
    def policies(self, req):
        return call(self.case, "list_sla_policies")

    @route(
        "POST",
        "/api/sla/policies",
        summary="Add an SLA policy: targets in business minutes and escalation steps",
        tag="sla",
        roles=ADMIN,
        body=SlaPolicyIn,
        response=SlaPolicyOut,
        status=201,
        errors=(409,),
    )
    def create_policy(self, req):
        """The first policy (by `rank`) whose tiers and priorities fit a new case is its
        SLA. Steps fire `minutes_before` business minutes before a target's breach (0: at
        it): notify by e-mail or SMS (the case's agent unless `email_to`/`sms_to`), raise
        the priority, or move the case to `queue`."""
        return call(self.case, "create_sla_policy", req.body)

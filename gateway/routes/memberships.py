"""Membership routes: clubs and subscriptions (O9)."""

from __future__ import annotations

from crm_common.contracts.order.memberships import JoinIn, LeaveIn, MembershipOut, PlanIn, PlanOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN
from gateway.routing import route


class MembershipsRoutes(Routes):
    @route(
        "POST",
        "/api/plans",
        summary="Add a club or subscription plan",
        tag="memberships",
        roles=ADMIN,
        body=PlanIn,
        response=PlanOut,
        status=201,
        errors=(409,),
    )
    def create_plan(self, req):
        return call(self.order, "create_plan", req.body)

    @route(
        "GET",
        "/api/plans",
        summary="Clubs and subscription plans",
        tag="memberships",
        roles=STAFF,
        response=PlanOut,
        many=True,
    )
    def list_plans(self, req):
        return call(self.order, "list_plans")

    @route(
        "POST",
        "/api/customers/<int:customer_id>/memberships",
        summary="Join a club or subscribe",
        tag="memberships",
        roles=STAFF,
        body=JoinIn,
        response=MembershipOut,
        status=201,
        errors=(409,),
    )
    def join_plan(self, req, customer_id):
        return call(self.order, "join_plan", customer_id, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/memberships",
        summary="A customer's memberships and subscriptions",
        tag="memberships",
        roles=STAFF,
        response=MembershipOut,
        many=True,
    )
    def list_memberships(self, req, customer_id):
        return call(self.order, "list_memberships", customer_id)

    @route(
        "POST",
        "/api/memberships/<int:membership_id>/leave",
        summary="Leave a club or end a subscription; the customer gets a confirmation",
        tag="memberships",
        roles=STAFF,
        body=LeaveIn,
        response=MembershipOut,
        errors=(404, 409),
    )
    def leave_membership(self, req, membership_id):
        return call(self.order, "leave_membership", membership_id, req.body)

"""Memberships and subscriptions (O9): plans, joining and leaving (memberships.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.memberships import JoinIn, LeaveIn, PlanIn, PlanOut
from crm_common.entrypoints import rpc
from services.order import memberships
from services.order.entrypoints import OrderEntrypoints


class MembershipsEntrypoints(OrderEntrypoints):
    @rpc
    def create_plan(self, data: dict) -> dict:
        """A club or subscription plan (PlanIn). Raises Conflict (code taken)."""
        valid = load(PlanIn, data)
        with self.db.transaction() as session:
            return dump(PlanOut, memberships.create_plan(session, valid))

    @rpc
    def list_plans(self) -> list[dict]:
        with self.db.read() as session:
            return dump(PlanOut, memberships.plans(session), many=True)

    @rpc
    def join_plan(self, customer_id: int, data: dict) -> dict:
        """The customer joins a club or subscribes (JoinIn). Raises InvalidInput (no such
        plan or customer), Conflict (already a member). Emits `membership_started`."""
        valid = load(JoinIn, data)
        customer = self._customers().terms(positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            return memberships.start(session, customer["id"], valid["plan"], self._rules().today())

    @rpc
    def leave_membership(self, membership_id: int, data: dict) -> dict:
        """The customer leaves (LeaveIn); messaging confirms it to them. Raises NotFound,
        Conflict (ended already). Emits `membership_ended`."""
        valid = load(LeaveIn, data)
        membership_id = positive_id(membership_id, "membership_id")
        with self.db.transaction() as session:
            return memberships.end(session, membership_id, self._rules().today(), valid["reason"])

    @rpc
    def list_memberships(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            return memberships.listed(session, positive_id(customer_id, "customer_id"))

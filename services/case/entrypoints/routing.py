"""Routing (K4): who works a case and why, the agents and their presence, the routing
rules and the weights agents are compared by."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.routing import (
    AgentIn,
    AgentOut,
    AssignIn,
    AssignmentOut,
    PresenceIn,
    PresenceOut,
    RuleIn,
    RuleOut,
    WeightsIn,
)
from crm_common.contracts.case.wallboard import CaseBoardOut
from crm_common.entrypoints import rpc
from services.case import assigning, cases, routing_admin, wallboard
from services.case.entrypoints import CaseEntrypoints


class RoutingEntrypoints(CaseEntrypoints):
    @rpc
    def assign(self, case_id: int, data: dict, by: str) -> dict:
        """Give the case to a named agent (AssignIn). Returns AssignmentOut. Raises
        Conflict (agent away or full, case closed), InvalidInput (no such agent)."""
        valid = load(AssignIn, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = assigning.assign_to(session, case, valid["agent"], by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return dump(AssignmentOut, assignment)

    @rpc
    def reroute(self, case_id: int, by: str) -> dict:
        """Run the case through the routing rules again. Returns AssignmentOut."""
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = assigning.reroute(session, case, by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return dump(AssignmentOut, assignment)

    @rpc
    def list_assignments(self, case_id: int) -> list[dict]:
        """Every assignment of the case with its reason, oldest first."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(AssignmentOut, assigning.history(session, case.id), many=True)

    @rpc
    def save_agent(self, username: str, data: dict) -> dict:
        """Create or change an agent (AgentIn). A new agent starts offline. Returns AgentOut."""
        valid = load(AgentIn, data)
        with self.db.transaction() as session:
            return dump(AgentOut, routing_admin.save_agent(session, username, valid, utcnow()))

    @rpc
    def list_agents(self) -> list[dict]:
        with self.db.read() as session:
            return dump(AgentOut, routing_admin.agents(session), many=True)

    @rpc
    def set_presence(self, username: str, data: dict) -> dict:
        """Available, away or offline (PresenceIn). Leaving hands the agent's open cases
        to others by the same rules; arriving picks up waiting cases. Returns PresenceOut."""
        valid = load(PresenceIn, data)
        with self.db.transaction() as session:
            agent, moved = assigning.set_presence(session, username, valid["presence"], utcnow())
            session.flush()  # the moved cases' assignment ids, for the answer
            return dump(PresenceOut, {"agent": agent, "moved": moved})

    @rpc
    def wallboard(self) -> dict:
        """The cases' part of the supervisors' wallboard (CaseBoardOut)."""
        with self.db.read() as session:
            return dump(CaseBoardOut, wallboard.board(session, utcnow()))

    @rpc
    def create_rule(self, data: dict) -> dict:
        """Add a routing rule (RuleIn). Returns RuleOut. Raises Conflict (name taken)."""
        valid = load(RuleIn, data)
        with self.db.transaction() as session:
            return dump(RuleOut, routing_admin.create_rule(session, valid, actor=self.actor))

    @rpc
    def update_rule(self, rule_id: int, data: dict) -> dict:
        """Replace a routing rule (RuleIn). Returns RuleOut. Raises NotFound."""
        valid = load(RuleIn, data)
        with self.db.transaction() as session:
            rule = routing_admin.update_rule(
                session, positive_id(rule_id, "rule_id"), valid, actor=self.actor
            )
            return dump(RuleOut, rule)

    @rpc
    def delete_rule(self, rule_id: int) -> None:
        with self.db.transaction() as session:
            routing_admin.delete_rule(session, positive_id(rule_id, "rule_id"), actor=self.actor)

    @rpc
    def list_rules(self) -> list[dict]:
        with self.db.read() as session:
            return dump(RuleOut, routing_admin.rules(session), many=True)

    @rpc
    def get_weights(self) -> dict:
        with self.db.read() as session:
            return routing_admin.weights(session)

    @rpc
    def set_weights(self, data: dict) -> dict:
        """Change how much each key counts (WeightsIn, any of them). Returns all weights."""
        valid = load(WeightsIn, data)
        with self.db.transaction() as session:
            return routing_admin.set_weights(session, valid, actor=self.actor)

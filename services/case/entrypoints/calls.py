"""Registered calls (K9): what the calls were about, by type, agent and agency."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load
from crm_common.contracts.case.calls import CallRegistrationIn, CallRegistrationOut, CallTypeIn, CallTypeOut
from crm_common.entrypoints import rpc
from services.case import calls
from services.case.entrypoints import CaseEntrypoints


class CallEntrypoints(CaseEntrypoints):
    @rpc
    def create_call_type(self, data: dict) -> dict:
        valid = load(CallTypeIn, data)
        with self.db.transaction() as session:
            return dump(CallTypeOut, calls.add_type(session, valid["name"]))

    @rpc
    def list_call_types(self) -> list[dict]:
        with self.db.read() as session:
            return dump(CallTypeOut, calls.types(session), many=True)

    @rpc
    def register_call(self, data: dict, agent: str) -> dict:
        """The type of a call (CallRegistrationIn), by the agent who took it. Returns
        CallRegistrationOut. Raises InvalidInput (unknown type or case), Conflict (the
        call is registered already)."""
        valid = load(CallRegistrationIn, data)
        with self.db.transaction() as session:
            return dump(CallRegistrationOut, calls.register(session, valid, agent, utcnow()))

    @rpc
    def call_counts(self, period: dict, by: str = "type") -> list[dict]:
        """Calls per month and type; `by` agent or agency adds that (CallCountOut list)."""
        with self.db.read() as session:
            return calls.counts_in(session, period, by)

"""What a signed-in customer sees of their own cases and writes on them (K1, K3)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.portal import (
    CustomerCaseOut,
    CustomerMessageIn,
    PortalCaseOut,
    PortalInboundOut,
)
from crm_common.entrypoints import rpc
from services.case import portal, senders
from services.case.entrypoints import CaseEntrypoints


class PortalEntrypoints(CaseEntrypoints):
    @rpc
    def customer_cases(self, customer_id: int) -> list[dict]:
        """A customer's own cases, newest first (PortalCaseOut list: nothing internal)."""
        with self.db.read() as session:
            return dump(PortalCaseOut, portal.own_cases(session, customer_id), many=True)

    @rpc
    def customer_case(self, customer_id: int, case_id: int) -> dict:
        """One of the customer's own cases with its public journal only (CustomerCaseOut).
        NotFound for a case that is not theirs (its existence is not revealed)."""
        with self.db.read() as session:
            return dump(CustomerCaseOut, portal.case_with_journal(session, customer_id, case_id))

    @rpc
    def customer_writes(self, customer_id: int, data: dict, case_id: int | None = None) -> dict:
        """A customer's new inquiry from the web form, or a comment on their own case
        (CustomerMessageIn): journaled as a public message; a solved case opens again. A
        new inquiry that quotes a case number joins that case only when it is theirs.
        Returns PortalInboundOut."""
        valid = load(CustomerMessageIn, data)
        customer = senders.customer(self.customers, positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            got = portal.write(session, customer, valid, case_id, utcnow())
            return dump(PortalInboundOut, portal.answer(got))

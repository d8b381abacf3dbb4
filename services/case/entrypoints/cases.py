"""Opening and reading cases, and moving their status (K1, K2)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.cases import CaseChangeIn, CaseCreate, CaseOut, StatusIn
from crm_common.contracts.case.routing import AssignmentOut, HandoverIn
from crm_common.entrypoints import rpc
from services.case import assigning, case_changes, cases, senders
from services.case.entrypoints import CaseEntrypoints


class CasesEntrypoints(CaseEntrypoints):
    @rpc
    def open_case(self, data: dict, opened_by: str) -> dict:
        """Open a case for a customer (CaseCreate) on behalf of `opened_by` (a username);
        routing gives it to an agent (or `assignee` if named). Returns CaseOut with its
        number. Raises InvalidInput (unknown customer or agent, bad fields). Emits
        `case_opened`, which makes messaging confirm it to the customer."""
        valid = load(CaseCreate, data)
        customer = senders.case_profile(self.customers, valid["customer_id"])
        with self.db.transaction() as session:
            return dump(CaseOut, cases.open_for_customer(session, valid, opened_by, customer, utcnow()))

    @rpc
    def get_case(self, case_id: int) -> dict:
        """One case (CaseOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(CaseOut, cases.get_case(session, positive_id(case_id, "case_id")))

    @rpc
    def list_cases(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's cases, newest first (CaseOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(CaseOut, cases.cases_of(session, customer_id, min(int(limit), 500)), many=True)

    @rpc
    def list_queue(
        self, queue: str | None = None, assignee: str | None = None, limit: int = 100
    ) -> list[dict]:
        """Open and pending cases of a queue or an agent, most urgent and oldest first."""
        with self.db.read() as session:
            found = assigning.active_cases(session, queue, assignee, min(int(limit), 500))
            return dump(CaseOut, found, many=True)

    @rpc
    def set_status(self, case_id: int, data: dict, by: str) -> dict:
        """Move the case (StatusIn): pending pauses the SLA clock, solved stops it and
        frees the agent. Returns CaseOut. Raises Conflict (a move not allowed)."""
        valid = load(StatusIn, data)
        with self.db.transaction() as session:
            case = cases.move(session, positive_id(case_id, "case_id"), valid["status"], by, utcnow())
            return dump(CaseOut, case)

    @rpc
    def change_case(self, case_id: int, data: dict, by: str) -> dict:
        """Change the priority, category or order of a case (CaseChangeIn), journaled
        with `by`. Returns CaseOut. Raises InvalidInput (an order not of its customer)."""
        valid = load(CaseChangeIn, data)
        case_id = positive_id(case_id, "case_id")
        case_changes.check_order(self.db, case_id, valid, self.orders.get_order)
        with self.db.transaction() as session:
            case = cases.get_case(session, case_id)
            return dump(CaseOut, case_changes.change(session, case, valid, by, utcnow()))

    @rpc
    def hand_over(self, case_id: int, data: dict, by: str) -> dict:
        """Give the case to a colleague or move it into a queue (HandoverIn), journaled
        with `by`. Returns AssignmentOut. Raises Conflict (closed, agent away or full)."""
        valid = load(HandoverIn, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            assignment = case_changes.hand_over(session, case, valid, by, utcnow())
            session.flush()  # the assignment's id, for the answer
            return dump(AssignmentOut, assignment)

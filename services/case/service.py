"""Case service entrypoints."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput, NotFound
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.case import cases
from services.case import schemas as s
from services.case.models import Case, OutboxMessage, ProcessedEvent


class CaseService(Pingable):
    name = "case"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")

    @rpc
    def open_case(self, data: dict, opened_by: str) -> dict:
        """Open a case for a customer (CaseCreate) on behalf of `opened_by` (a username).
        Returns CaseOut with its number. Raises InvalidInput (unknown customer, bad
        fields). Emits `case_opened`, which makes messaging confirm it to the customer."""
        valid = load(s.case_create, data)
        try:
            # A merged-away id resolves to the customer it was merged into.
            valid["customer_id"] = self.customers.get_customer(valid["customer_id"])["id"]
        except NotFound:
            raise InvalidInput("no such customer", {"customer_id": "not found"}) from None
        with self.db.transaction() as session:
            case = cases.open_case(session, valid, opened_by)
            record(
                session,
                OutboxMessage,
                "case_opened",
                {
                    "case_id": case.id,
                    "number": case.number,
                    "customer_id": case.customer_id,
                    "subject": case.subject,
                    "channel": case.channel,
                },
            )
            return s.case_out.dump(case)

    @rpc
    def get_case(self, case_id: int) -> dict:
        """One case (CaseOut). Raises NotFound."""
        with self.db.read() as session:
            return s.case_out.dump(cases.get_case(session, positive_id(case_id, "case_id")))

    @rpc
    def list_cases(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's cases, newest first (CaseOut list)."""
        with self.db.read() as session:
            return s.case_out.dump(
                cases.cases_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's cases now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Case, data["merged_id"], data["survivor_id"])

"""The customer register's changes (C7; GDPR art. 15, 17): a customer merged into
another, exported, or erased (merges.py, personal_data.py)."""

from __future__ import annotations

from nameko.events import event_handler
from sqlalchemy.orm import Session

from crm_common.contracts import positive_id
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from crm_common.outbox import Envelope
from services.order import merges, personal_data
from services.order.entrypoints import OrderEntrypoints
from services.order.models import ProcessedEvent


class PersonalDataEntrypoints(OrderEntrypoints):
    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session: Session, payload: Envelope) -> None:
        """Everything the merged customer had here now belongs to the survivor (C7)."""
        merges.follow(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the order book holds on a customer, with the credit situation
        (GDPR art. 15; personal_data.py)."""
        customer_id = positive_id(customer_id, "customer_id")
        terms = self._customers().terms(customer_id, booking=False)
        with self.db.read() as session:
            return personal_data.export_customer(session, terms, [customer_id], self._rules())

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session: Session, payload: Envelope) -> None:
        """Orders, invoices and payments stay with their amounts, dates and numbers; the
        free texts that may name the person go (personal_data.erase)."""
        personal_data.erase(session, payload["data"]["customer_ids"])

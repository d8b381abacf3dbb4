"""Documents (M6): a letter-channel template (a quote, a contract, ...) as a PDF for a
customer, neither sent nor logged."""

from __future__ import annotations

from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.contracts.messaging import DocumentRenderIn
from crm_common.entrypoints import rpc
from services.messaging import documents
from services.messaging.entrypoints import MessagingEntrypoints


class DocumentsEntrypoints(MessagingEntrypoints):
    @rpc
    def render_document(self, data: dict, customer_id: int | None = None) -> dict:
        """A letter-channel template (DocumentRenderIn: a quote, a contract, …) as a PDF
        for the customer: {"filename", "content" (base64)}. Nothing is sent or logged.
        Raises InvalidInput (no such letter template, a value it needs and was not given)."""
        valid = load(DocumentRenderIn, data)
        customer = self._contacts.customer(positive_id(customer_id, "customer_id")) if customer_id else None
        sender = load_settings().mail_from
        with self.db.read() as session:
            return documents.as_file(session, valid["template"], valid["values"], customer, sender)

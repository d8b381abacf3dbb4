"""Smart selections (C10) and their read model, kept by the order and messaging services'
events."""

from __future__ import annotations

from marshmallow import Schema
from nameko.events import event_handler

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.customers import CustomerSummary
from crm_common.contracts.customer.selections import CriteriaIn, SelectionIn, SelectionOut
from crm_common.entrypoints import rpc
from crm_common.idempotency import handles_once
from services.customer import campaign_recipients, saved_selections, selection_model
from services.customer.entrypoints import CustomerEntrypoints
from services.customer.models import ProcessedEvent


class SelectionsEntrypoints(CustomerEntrypoints):
    @rpc
    def save_selection(self, data: dict, by: str) -> dict:
        """Save a named selection (SelectionIn); its criteria are checked and it runs once.
        Returns SelectionOut with `last_size`. Raises InvalidInput naming the criterion's
        path, Conflict (name taken)."""
        valid = load(SelectionIn, data)
        with self.db.transaction() as session:
            saved = saved_selections.save(
                session, valid["name"], valid["criteria"], by, self._region(), utcnow()
            )
            return dump(SelectionOut, saved)

    @rpc
    def list_selections(self, limit: int = 100, after: str = "") -> list[dict]:
        """Saved selections by name, at most 100 a page (SelectionOut list); pass the last
        name as `after` for the next page."""
        limit = min(positive_id(limit, "limit"), 100)
        with self.db.read() as session:
            return dump(SelectionOut, saved_selections.listed(session, limit, str(after or "")), many=True)

    @rpc
    def run_selection(self, selection_id: int) -> dict:
        """Run a saved selection again: SelectionOut with the size now."""
        selection_id = positive_id(selection_id, "selection_id")
        with self.db.transaction() as session:
            return dump(SelectionOut, saved_selections.rerun(session, selection_id, self._region(), utcnow()))

    @rpc
    def preview_selection(self, data: dict) -> dict:
        """How many customers the criteria (CriteriaIn) find, without saving them."""
        valid = load(CriteriaIn, data)
        with self.db.read() as session:
            return {"size": saved_selections.preview(session, valid["criteria"], self._region(), utcnow())}

    @rpc
    def selection_members(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """The customers a saved selection finds, by id, a page at a time
        (CustomerSummary list; pass the last id as `after_id` for the next page)."""
        return self._selected(selection_id, limit, after_id, CustomerSummary)

    @rpc
    def selection_contacts(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """A campaign's page (ContactOut list): of up to `limit` members after `after_id`,
        the persons who consented to marketing, and each organisation's newsletter
        recipients who did (campaign_recipients.py); `cursor` is the member each came
        from (pass the last as `after_id`)."""
        selection_id = positive_id(selection_id, "selection_id")
        with self.db.read() as session:
            return campaign_recipients.page(
                session, selection_id, self._region(), utcnow(), min(int(limit), 1000), int(after_id)
            )

    def _selected(self, selection_id: int, limit: int, after_id: int, schema: type[Schema]) -> list[dict]:
        selection_id = positive_id(selection_id, "selection_id")
        with self.db.read() as session:
            found = saved_selections.members_page(
                session, selection_id, self._region(), utcnow(), min(int(limit), 1000), int(after_id)
            )
            return dump(schema, found, many=True)

    @event_handler("order", "order_placed")
    @handles_once(ProcessedEvent)
    def on_order_placed(self, session, payload):
        """What the customer bought, for selections (C10)."""
        selection_model.add_purchases(session, payload["data"])

    @event_handler("order", "order_cancelled")
    @handles_once(ProcessedEvent)
    def on_order_cancelled(self, session, payload):
        selection_model.remove_order(session, payload["data"]["order_id"])

    @event_handler("messaging", "message_sent")
    @handles_once(ProcessedEvent)
    def on_message_sent(self, session, payload):
        """A message that reached a customer: a mailing they received, and a contact."""
        if payload["data"].get("customer_id"):
            selection_model.add_mailing(session, payload["data"])

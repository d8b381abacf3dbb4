"""Notes (C9) and the customer log (C8): who said what, and what an agent must, should or
may know about a customer."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.log import LogEntryIn, LogEntryOut, NoteIn, NoteOut
from crm_common.entrypoints import rpc
from services.customer import customer_log, relations
from services.customer.entrypoints import CustomerEntrypoints


class CustomerLogEntrypoints(CustomerEntrypoints):
    @rpc
    def add_note(self, customer_id: int, author: str, data: dict) -> dict:
        """Add a chronological note (who said what). Returns NoteOut. Raises NotFound,
        InvalidInput."""
        valid = load(NoteIn, data)
        with self.db.transaction() as session:
            return relations.note(session, positive_id(customer_id, "customer_id"), author, valid["text"])

    @rpc
    def list_notes(self, customer_id: int, limit: int = 3) -> list[dict]:
        """The customer's newest notes first (NoteOut list)."""
        with self.db.read() as session:
            notes = relations.latest_notes(
                session, positive_id(customer_id, "customer_id"), min(int(limit), 500)
            )
            return dump(NoteOut, notes, many=True)

    @rpc
    def add_log_entry(self, customer_id: int, author: str, data: dict) -> dict:
        """Add to the customer log (LogEntryIn: text, importance red|yellow|green,
        relevant_until, pop_up, remind_at_login). Returns LogEntryOut. Raises NotFound,
        InvalidInput."""
        valid = load(LogEntryIn, data)
        with self.db.transaction() as session:
            target = positive_id(customer_id, "customer_id")
            return customer_log.add(session, self.actor, target, author, valid, utcnow().date())

    @rpc
    def customer_log(self, customer_id: int) -> list[dict]:
        """The log entries still relevant, red first (LogEntryOut list)."""
        with self.db.read() as session:
            entries = customer_log.current(session, positive_id(customer_id, "customer_id"), utcnow().date())
            return dump(LogEntryOut, entries, many=True)

    @rpc
    def log_at_login(self, author: str) -> list[dict]:
        """The author's "remind me at login" entries still relevant, with customer names."""
        with self.db.read() as session:
            return customer_log.reminders(session, author, utcnow().date())

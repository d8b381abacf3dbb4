"""Opt-outs (M3): a customer's "no more marketing" on a channel or of one newsletter,
taken back, and listed."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.messaging import OptOutIn, OptOutOut
from crm_common.entrypoints import rpc
from services.messaging import settings_admin
from services.messaging.entrypoints import MessagingEntrypoints


class OptOutsEntrypoints(MessagingEntrypoints):
    @rpc
    def opt_out(self, customer_id: int, data: dict) -> list[dict]:
        """No marketing on this channel (or of this newsletter) any more (OptOutIn).
        Returns the customer's opt-outs."""
        valid = load(OptOutIn, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            found = settings_admin.stop_marketing(
                session, customer_id, valid["channel"], valid["topic"], utcnow(), self.actor
            )
            return dump(OptOutOut, found, many=True)

    @rpc
    def opt_in(self, customer_id: int, data: dict) -> list[dict]:
        valid = load(OptOutIn, data)
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            found = settings_admin.resume_marketing(
                session, customer_id, valid["channel"], valid["topic"], self.actor
            )
            return dump(OptOutOut, found, many=True)

    @rpc
    def list_opt_outs(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            found = settings_admin.opt_outs(session, positive_id(customer_id, "customer_id"))
            return dump(OptOutOut, found, many=True)

    @rpc
    def newsletters(self) -> list[str]:
        """The newsletters a customer can opt out of, one by one (their topics)."""
        with self.db.read() as session:
            return settings_admin.newsletters(session)

"""Replies to the customer and the reply templates they may be written with (K3, K7)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.journal import JournalEntryOut
from crm_common.contracts.case.replies import (
    RenderIn,
    RenderOut,
    ReplyIn,
    ReplyTemplateIn,
    ReplyTemplateOut,
)
from crm_common.entrypoints import rpc
from services.case import replies
from services.case.entrypoints import CaseEntrypoints


class ReplyEntrypoints(CaseEntrypoints):
    @rpc
    def reply(self, case_id: int, data: dict, author: str) -> dict:
        """The agent answers the customer (ReplyIn): a public journal entry, the SLA's
        response, and `case_replied` for messaging to send. Returns JournalEntryOut.
        Raises NotFound, Conflict (closed), InvalidInput."""
        valid = load(ReplyIn, data)
        case_id = positive_id(case_id, "case_id")
        body = replies.reply_body(
            self.db, case_id, valid, author, self.customers.get_customer, self.orders.get_order
        )
        with self.db.transaction() as session:
            return dump(
                JournalEntryOut, replies.send(session, case_id, body, author, valid["then"], utcnow())
            )

    @rpc
    def render_reply(self, case_id: int, data: dict, author: str) -> dict:
        """A reply template filled for this case (RenderIn): the customer's, the case's and
        the order's data, and the agent's `text`. Returns RenderOut. Raises InvalidInput
        (no such template, a value the case lacks, an order of someone else)."""
        valid = load(RenderIn, data)
        filled = replies.fill(
            self.db,
            positive_id(case_id, "case_id"),
            valid,
            author,
            self.customers.get_customer,
            self.orders.get_order,
        )
        return dump(RenderOut, {"body": filled})

    @rpc
    def create_reply_template(self, data: dict) -> dict:
        """A reply template (ReplyTemplateIn); it must parse. Returns ReplyTemplateOut.
        Raises Conflict (name taken in that language)."""
        valid = load(ReplyTemplateIn, data)
        with self.db.transaction() as session:
            return dump(ReplyTemplateOut, replies.create(session, valid, actor=self.actor))

    @rpc
    def list_reply_templates(self, language: str | None = None) -> list[dict]:
        with self.db.read() as session:
            return dump(ReplyTemplateOut, replies.listed(session, language), many=True)

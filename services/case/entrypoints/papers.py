"""The registers of paper (K13): letters in and out, and contracts, policies and other
documents."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.papers import (
    DocumentIn,
    DocumentOut,
    ForwardIn,
    LetterIn,
    LetterOut,
    RepliedIn,
)
from crm_common.entrypoints import rpc
from services.case import papers
from services.case.entrypoints import CaseEntrypoints


class PaperEntrypoints(CaseEntrypoints):
    @rpc
    def register_letter(self, data: dict, by: str) -> dict:
        """Incoming or outgoing mail (LetterIn); a reply deadline reminds the person it
        was forwarded to. Returns LetterOut."""
        valid = load(LetterIn, data)
        with self.db.transaction() as session:
            return dump(LetterOut, papers.register_letter(session, valid, by, utcnow()))

    @rpc
    def forward_letter(self, letter_id: int, data: dict, by: str) -> dict:
        valid = load(ForwardIn, data)
        with self.db.transaction() as session:
            return dump(LetterOut, papers.forward(session, positive_id(letter_id, "letter_id"), valid, by))

    @rpc
    def letter_replied(self, letter_id: int, data: dict) -> dict:
        valid = load(RepliedIn, data)
        with self.db.transaction() as session:
            letter = papers.replied(session, positive_id(letter_id, "letter_id"), valid["replied_on"])
            return dump(LetterOut, letter)

    @rpc
    def list_letters(
        self, direction: str | None = None, awaiting_reply: bool = False, customer_id: object = None
    ) -> list[dict]:
        customer = papers.customer_filter(customer_id)
        with self.db.read() as session:
            return dump(
                LetterOut, papers.letters(session, direction, bool(awaiting_reply), customer), many=True
            )

    @rpc
    def register_document(self, data: dict, by: str) -> dict:
        """A contract, policy or other document (DocumentIn); an expiry date reminds the
        one responsible ahead of it. Returns DocumentOut."""
        valid = load(DocumentIn, data)
        with self.db.transaction() as session:
            return dump(DocumentOut, papers.register_document(session, valid, by, utcnow()))

    @rpc
    def list_documents(self, customer_id: object = None, expiring_within_days: object = None) -> list[dict]:
        days = papers.days_filter(expiring_within_days)
        customer = papers.customer_filter(customer_id)
        with self.db.read() as session:
            return dump(DocumentOut, papers.documents(session, customer, days, utcnow().date()), many=True)

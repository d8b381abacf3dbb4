"""A case's journal: its entries, their attachments, and agents' notes (K3)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.journal import CaseNoteIn, JournalEntryOut
from crm_common.entrypoints import rpc
from services.case import cases, journal
from services.case.entrypoints import CaseEntrypoints


class JournalEntrypoints(CaseEntrypoints):
    @rpc
    def get_journal(self, case_id: int, public_only: bool = False) -> list[dict]:
        """The case's journal, oldest first (JournalEntryOut list). `public_only` is what
        the customer may see. Raises NotFound."""
        with self.db.read() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(JournalEntryOut, journal.entries(session, case.id, bool(public_only)), many=True)

    @rpc
    def get_attachment(self, case_id: int, attachment_id: int, public_only: bool = False) -> dict:
        """One attachment's bytes (base64) with its name and type. Raises NotFound."""
        case_id, attachment_id = positive_id(case_id, "case_id"), positive_id(attachment_id, "attachment_id")
        with self.db.read() as session:
            return journal.attachment_content(session, case_id, attachment_id, public_only)

    @rpc
    def add_note(self, case_id: int, data: dict, author: str) -> dict:
        """A note on the journal (NoteIn), internal unless marked public. Returns
        JournalEntryOut."""
        valid = load(CaseNoteIn, data)
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            entry = journal.add(
                session, case, "note", valid["body"], author, utcnow(), visibility=valid["visibility"]
            )
            return dump(JournalEntryOut, entry)

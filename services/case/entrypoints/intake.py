"""What customers send (K1): mail, SMS, chat and web-form messages, the IMAP mailbox, and
unknown senders who become customers."""

from __future__ import annotations

import base64
import binascii

from nameko.events import event_handler
from nameko.timer import timer

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.cases import CaseOut
from crm_common.contracts.case.intake import InboundMessageIn, InboundOut, LinkCustomerIn
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from services.case import cases, inbound, intake, mailbox, senders
from services.case.entrypoints import CaseEntrypoints

SETTINGS = load_settings()  # read once, at import: the timer's interval is fixed with the class


class IntakeEntrypoints(CaseEntrypoints):
    @rpc
    def receive_mail(self, raw_base64: str) -> dict:
        """A raw RFC 822 mail, base64-encoded: journaled on its case (case number in the
        subject, or the thread's In-Reply-To/References) when the sender is that case's
        customer (intake.may_continue), else a new case. An unknown sender is registered
        through the customer register's matching (a look-alike waits for review, the case
        with it). The same Message-ID twice from the same sender journals once. Returns
        InboundOut. Raises InvalidInput (no sender, not a mail)."""
        try:
            raw = base64.b64decode(raw_base64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise InvalidInput("the mail must be base64", {"_body": "not base64"}) from None
        return self._take_in_mail(raw)

    @rpc
    def receive_message(self, data: dict) -> dict:
        """An SMS, chat or web-form message (InboundMessageIn), threaded like mail (the
        case number in the text). Returns InboundOut."""
        return self._take_in(inbound.read_message(load(InboundMessageIn, data)))

    @timer(interval=SETTINGS.imap_poll_seconds)
    def poll_mailbox(self) -> None:
        """Take in the unseen mail of the configured IMAP folder (CRM_IMAP_URL; nothing
        when unset), each exactly as `receive_mail` does."""
        mailbox.poll_configured(self.config.get("IMAP_URL"), self._take_in_mail)

    def _take_in_mail(self, raw: bytes) -> dict:
        return self._take_in(inbound.read_mail(raw))

    def _take_in(self, message: inbound.Inbound) -> dict:
        return intake.take_in(self.db, message, self.customers, utcnow(), _inbound_out)

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload: dict) -> None:
        """An unknown sender's registration was decided: their cases get the customer."""
        senders.review_decided(self.db, payload, self.customers, utcnow())

    @rpc
    def link_customer(self, case_id: int, data: dict, by: str) -> dict:
        """Tie a case from an unknown sender to a customer (LinkCustomerIn). Returns
        CaseOut. Emits `case_customer_linked` (messaging then confirms the case)."""
        valid = load(LinkCustomerIn, data)
        customer = senders.customer(self.customers, valid["customer_id"])
        with self.db.transaction() as session:
            case = cases.get_case(session, positive_id(case_id, "case_id"))
            return dump(CaseOut, senders.link(session, case, customer, by, utcnow()))


def _inbound_out(got: intake.Received) -> dict:
    return dump(InboundOut, intake.answer(got))

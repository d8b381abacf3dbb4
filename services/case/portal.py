"""What a signed-in customer sees and writes in the portal (K1, K3): their own cases only,
with the public journal; a new inquiry or a comment on one of their cases. Another
customer's case is "not found", whatever number they quote."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy.orm import Session

from crm_common.contracts import positive_id
from crm_common.errors import InvalidInput, NotFound
from services.case import cases, intake, journal
from services.case.inbound import Inbound
from services.case.models import Case, JournalEntry


class CaseWithJournal(TypedDict):
    case: dict[str, Any]
    journal: list[JournalEntry]


def own_case(session: Session, customer_id: int, case_id: int) -> Case:
    """The customer's case; NotFound for a case that is not theirs (its existence is not
    revealed)."""
    case = session.get(Case, positive_id(case_id, "case_id"))
    if case is None or case.customer_id != positive_id(customer_id, "customer_id"):
        raise NotFound(f"case {case_id} does not exist", {"case_id": "not found"})
    return case


def case_with_journal(session: Session, customer_id: int, case_id: int) -> CaseWithJournal:
    """{"case", "journal"}: one of the customer's cases (`as_seen`) with its public
    entries."""
    case = own_case(session, customer_id, case_id)
    return {"case": as_seen(case), "journal": journal.entries(session, case.id, public_only=True)}


def own_cases(session: Session, customer_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """The customer's cases, newest first, as they see them (`as_seen`)."""
    found = cases.cases_of(session, positive_id(customer_id, "customer_id"), limit)
    return [as_seen(case) for case in found]


def answer(got: intake.Received) -> dict[str, Any]:
    """What the customer's inquiry or comment answers (PortalInboundOut): its case as
    they see it."""
    return {**intake.answer(got), "case": as_seen(got.case)}


_SEEN = (
    "id",
    "number",
    "customer_id",
    "subject",
    "channel",
    "status",
    "created_at",
    "updated_at",
    "solved_at",
)


def as_seen(case: Case) -> dict[str, Any]:
    """A case as its customer sees it (PortalCaseOut): the description only when they
    wrote it (the case came in through intake); on a case an agent opened, it is the
    agent's own account (their internal note), and the customer sees none of it."""
    seen = {name: getattr(case, name) for name in _SEEN}
    seen["description"] = case.description if case.opened_by == intake.OPENED_BY else ""
    return seen


def write(
    session: Session, customer: dict[str, Any], data: dict[str, Any], case_id: int | None, now: datetime
) -> intake.Received:
    """The customer's (CustomerOut) new inquiry, or a comment on their case `case_id`
    (CustomerMessageIn): a public message on the journal; a solved case opens again, a
    new one is announced (`case_opened`). Raises InvalidInput (a new inquiry without a
    subject), NotFound (not their case)."""
    message = _message(customer, data)
    case = own_case(session, customer["id"], case_id) if case_id is not None else None
    if case is None and not data.get("subject"):
        raise InvalidInput("a new inquiry needs a subject", {"subject": "missing"})
    # the signed-in customer writes on their own cases only, whatever number they quote
    sender = intake.Sender(None, frozenset({customer["id"]}))
    got = intake.receive(session, message, cases.profile(customer), now, case=case, sender=sender)
    if got.opened:
        cases.announce_opened(session, got.case, confirm=True)
    return got


def _message(customer: dict[str, Any], data: dict[str, Any]) -> Inbound:
    address = next((e["address"] for e in customer.get("emails") or []), f"customer-{customer['id']}")
    return Inbound(
        channel="web",
        sender_address=address,
        sender_name=customer["name"],
        subject=data.get("subject") or data["text"][:80],
        text=data["text"],
        message_id=f"<web.{uuid.uuid4().hex}@inbound.invalid>",
    )

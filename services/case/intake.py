"""Messages that arrive find their case (K1): the case number tagged in the subject
(`[#2026-000042]`), or the mail thread (In-Reply-To / References naming a message on a
journal, or one of our own replies' Message-IDs, which carry the case number). Otherwise
they open a new case. A message already journaled (the same Message-ID delivered again)
changes nothing.

A case number or a Message-ID is no proof of who writes: numbers are sequential and
quoted mail travels. A message joins the case it names only when its sender is that
case's customer, a current contact person of the customer (an organisation), or the
address the case came from. Anyone else's message opens a case of its own (as Zendesk
and Zammad do), with an internal note naming the case it quoted, and never shows them
the other case."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.outbox import record
from services.case import cases, journal, senders, sla
from services.case.inbound import Inbound
from services.case.models import Case, JournalEntry, OutboxMessage

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

Answer = TypeVar("Answer")

OPENED_BY = "intake"  # who opened a case that came in: its description is the sender's
TAG = re.compile(r"\[#\s*(\d{4}-\d{6})\s*\]")
OWN_MESSAGE_ID = re.compile(r"^<case-(\d{4}-\d{6})\.")


@dataclass
class Received:
    case: Case
    entry: JournalEntry
    opened: bool
    duplicate: bool = False


def answer(got: Received) -> dict[str, Any]:
    """What taking in a message answers (InboundOut, PortalInboundOut): the case, the
    journal entry, and whether it opened the case or had come before."""
    return {"case": got.case, "entry_id": got.entry.id, "opened": got.opened, "duplicate": got.duplicate}


@dataclass(frozen=True)
class Sender:
    """Who a message comes from, as far as threading is concerned. `address`: the mail
    address or phone number it came from (None when the sender is known otherwise, as a
    signed-in customer is). `customer_ids`: the customers they speak for."""

    address: str | None
    customer_ids: frozenset[int] = frozenset()


def sender_of(address: str | None, customers: Iterable[dict[str, Any]], today: date) -> Sender:
    """The Sender whose `address` belongs to `customers` (CustomerOut, as the customer
    service's get_customer answers): each of them, and every organisation a person among
    them is a current contact person of (employments with is_contact, not ended before
    `today`)."""
    ids = set()
    for customer in customers:
        ids.add(customer["id"])
        for job in customer.get("employments") or []:
            ended = job.get("ended_on")
            if (
                job.get("person_id") == customer["id"]
                and job.get("is_contact")
                and (ended is None or date.fromisoformat(str(ended)[:10]) >= today)
            ):
                ids.add(job["organisation_id"])
    return Sender(address, frozenset(ids))


def may_continue(case: Case, sender: Sender) -> bool:
    """Whether `sender` may write on `case`: they speak for its customer, or write from
    the address the case came from (an unknown sender's case waiting for review has no
    customer yet)."""
    if case.customer_id is not None and case.customer_id in sender.customer_ids:
        return True
    return bool(sender.address and case.sender_address and _same_address(case.sender_address, sender.address))


def _same_address(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def already_received(session: Session, inbound: Inbound) -> Received | None:
    """The message as it was taken in before: the same Message-ID from the same sender.
    A Message-ID on the journal from someone else (or of one of our replies) does not
    make this that message, and its case is not shown: the message gets an id of its own
    (`inbound.message_id` is changed; the same from the same sender again, so a retried
    delivery still matches)."""
    entry = journal.by_message_id(session, inbound.message_id)
    if entry is not None and not _sent_by(entry, inbound.sender_address):
        digest = hashlib.sha256(f"{inbound.message_id}|{inbound.sender_address}".encode()).hexdigest()
        inbound.message_id = f"<{digest}@inbound.invalid>"
        entry = journal.by_message_id(session, inbound.message_id)
    if entry is None:
        return None
    return Received(session.get_one(Case, entry.case_id), entry, opened=False, duplicate=True)


def _sent_by(entry: JournalEntry, address: str) -> bool:
    """Whether the journaled message came in from `address` (its author is `name <address>`)."""
    return entry.direction == "in" and _same_address(entry.author.rpartition("<")[2].rstrip(">"), address)


def named_cases(session: Session, inbound: Inbound) -> Iterator[Case]:
    """Every case the message names, most telling first: tags in the subject, then in
    the text, then the mail thread. Says nothing about whether it may join one."""
    seen = set()
    for number in TAG.findall(inbound.subject) + TAG.findall(inbound.text[:2000]):
        case = cases.by_number(session, number)
        if case is not None and case.id not in seen:
            seen.add(case.id)
            yield case
    if inbound.references:
        case_ids = list(
            session.scalars(
                select(JournalEntry.case_id).where(JournalEntry.message_id.in_(inbound.references)).distinct()
            )
        )
        for case_id in case_ids:
            if case_id not in seen:
                seen.add(case_id)
                yield session.get_one(Case, case_id)
        for reference in inbound.references:
            own = OWN_MESSAGE_ID.match(reference)
            if own and (case := cases.by_number(session, own.group(1))) is not None and case.id not in seen:
                seen.add(case.id)
                yield case


def thread_of(session: Session, inbound: Inbound, sender: Sender) -> Case | None:
    """The case this message continues: the first it names that `sender` may write on."""
    return next((case for case in named_cases(session, inbound) if may_continue(case, sender)), None)


def receive(
    session: Session,
    inbound: Inbound,
    customer: dict[str, Any],
    now: datetime,
    review_id: int | None = None,
    case: Case | None = None,
    *,
    sender: Sender,
) -> Received:
    """Journal the message on its case (`case`, which the caller has checked is the
    sender's, or the one its thread names that `sender` may write on), or open one.
    `customer` is the case profile of the sender (empty while unknown). A message to a
    closed case opens a follow-up."""
    found = already_received(session, inbound)
    if found is not None:
        return found
    case = case or thread_of(session, inbound, sender)
    opened = case is None or case.status == "closed"
    if case is None or opened:
        case = _open_for(session, inbound, customer, now, review_id, follow_up=case)
    entry = journal.add(
        session,
        case,
        "message",
        inbound.text,
        f"{inbound.sender_name} <{inbound.sender_address}>",
        now,
        visibility="public",
        direction="in",
        channel=inbound.channel,
        subject=inbound.subject[:200],
        message_id=inbound.message_id,
        attachments=inbound.attachments,
    )
    if opened:
        _note_foreign_cases(session, case, inbound, sender, now)
    else:
        if case.status in ("pending", "solved"):
            cases.set_status(session, case, "open", "intake", now)
        sla.customer_wrote(session, case, now)
    return Received(case, entry, opened)


def _open_for(
    session: Session,
    inbound: Inbound,
    customer: dict[str, Any],
    now: datetime,
    review_id: int | None,
    follow_up: Case | None,
) -> Case:
    """A new case for the message; `follow_up`: the closed case it wrote on."""
    description = inbound.text
    if follow_up is not None:
        description = f"(follow-up to the closed case {follow_up.number})\n\n{description}"
    return cases.open_case(
        session,
        {"subject": inbound.subject[:200], "description": description, "channel": inbound.channel},
        OPENED_BY,
        customer,
        now,
        sender=(inbound.sender_name[:200], inbound.sender_address[:254]),
        review_id=review_id,
    )


def _note_foreign_cases(
    session: Session, case: Case, inbound: Inbound, sender: Sender, now: datetime
) -> None:
    """Tell the agent (internally) which cases the message named but did not join."""
    foreign = [
        named.number
        for named in named_cases(session, inbound)
        if named.id != case.id and not may_continue(named, sender)
    ]
    if foreign:
        journal.add(
            session,
            case,
            "note",
            f"The message names case {', '.join(foreign)}, whose customer did not send it: "
            "it was not added there. Check who wrote before you tell them anything about it.",
            "intake",
            now,
            flush=False,
        )


def take_in(
    uow: UnitOfWork,
    inbound: Inbound,
    register: senders.CustomerRegister,
    now: datetime,
    answer: Callable[[Received], Answer],
) -> Answer:
    """Take in a message from outside (mail, SMS, chat, web form): journaled on the case
    it names when its sender may write there, else a new case for the sender (looked up,
    or registered, in `register`). Announces `case_opened` or `case_message_received`;
    the same message twice (even at once) journals once. Returns `answer(received)`,
    made while the session is still open. The register is asked with no transaction
    open, so no row lock waits on another service."""
    with uow.read() as session:
        found = already_received(session, inbound)
        if found is not None:
            return answer(found)
        named = any(True for _ in named_cases(session, inbound))
    sender = Sender(inbound.sender_address)
    if named:
        sender = sender_of(inbound.sender_address, senders.holders(register, inbound), now.date())
    with uow.read() as session:
        thread = thread_of(session, inbound, sender)
        continues = thread is not None and thread.status != "closed"
    customer, review_id = ({}, None) if continues else senders.profile(register, inbound)
    try:
        with uow.transaction() as session:
            got = receive(session, inbound, customer, now, review_id, sender=sender)
            _announce(session, got, inbound)
            return answer(got)
    except IntegrityError:  # the same message arrived twice at once: the other one won
        with uow.read() as session:
            found = already_received(session, inbound)
            if found is None:
                raise
            return answer(found)


def _announce(session: Session, got: Received, inbound: Inbound) -> None:
    if got.opened:
        cases.announce_opened(session, got.case, confirm=not inbound.automatic, references=inbound.references)
    elif not got.duplicate:
        record(session, OutboxMessage, "case_message_received", case_message_received(got, inbound))


def case_message_received(got: Received, inbound: Inbound) -> dict[str, Any]:
    """The `case_message_received` event's data: a message joined an open case."""
    return {
        "case_id": got.case.id,
        "number": got.case.number,
        "customer_id": got.case.customer_id,
        "entry_id": got.entry.id,
        "channel": inbound.channel,
        "references": inbound.references,
    }

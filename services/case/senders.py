"""Who sent an inbound message, as the customer register knows them (K1): the customers
holding its address or number (for threading, registering nobody), the profile a new
case gets (registering an unknown sender, who may wait in the register's review queue),
and the cases of an unknown sender once the register or an agent says who they are.

The customer service is asked through `register`, any object with its RPC methods of the
same names (`CustomerRegister`); no database session is open while it answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.errors import InvalidInput, NotFound
from crm_common.idempotency import claim
from crm_common.outbox import record
from services.case import cases
from services.case.inbound import Inbound
from services.case.models import Case, OutboxMessage, ProcessedEvent

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

MAX_SENDER_MATCHES = 10  # customers sharing one address whose cases its mail may join


class CustomerRegister(Protocol):
    """What the case service asks of the customer service."""

    def find_by_phone(self, number: str) -> list[dict[str, Any]]: ...

    def find_by_email(self, address: str) -> list[dict[str, Any]]: ...

    def get_customer(self, customer_id: int) -> dict[str, Any]: ...

    def submit_registration(self, data: dict[str, Any], submitted_by: str) -> dict[str, Any]: ...


def customer(register: CustomerRegister, customer_id: int) -> dict[str, Any]:
    """The customer (CustomerOut); a merged-away id resolves to the customer it was
    merged into. Raises InvalidInput when there is none."""
    try:
        return register.get_customer(customer_id)
    except NotFound:
        raise InvalidInput("no such customer", {"customer_id": "not found"}) from None


def case_profile(register: CustomerRegister, customer_id: int) -> dict[str, Any]:
    """What a case opened for a known customer keeps of them (cases.profile). Raises
    InvalidInput when there is no such customer."""
    return cases.profile(customer(register, customer_id))


def holders(register: CustomerRegister, message: Inbound) -> list[dict[str, Any]]:
    """The customers (CustomerOut) holding the message's address or number, at most
    MAX_SENDER_MATCHES: whom it may speak for in threading (intake.sender_of). Registers
    nobody."""
    try:
        if message.channel == "sms":
            found = [m["customer"] for m in register.find_by_phone(message.sender_address)]
        else:
            found = register.find_by_email(message.sender_address)
    except InvalidInput:  # not a phone number: nobody's
        found = []
    customers = []
    for match in found[:MAX_SENDER_MATCHES]:
        try:
            customers.append(register.get_customer(match["id"]))
        except NotFound:
            continue
    return customers


def profile(register: CustomerRegister, message: Inbound) -> tuple[dict[str, Any], int | None]:
    """The sender's case profile (cases.profile) and None, registering an unknown
    sender; a look-alike waits in the register's review queue: ({}, review_id). Raises
    InvalidInput when an SMS sender is not a phone number."""
    if message.channel == "sms":
        try:
            matches = [m["customer"] for m in register.find_by_phone(message.sender_address)]
        except InvalidInput:
            raise InvalidInput("the sender is not a phone number", {"sender": "not a phone number"}) from None
        contact = {"phones": [{"number": message.sender_address, "label": "mobile"}]}
    else:
        matches = register.find_by_email(message.sender_address)
        contact = {"emails": [{"address": message.sender_address}]}
    if matches:
        return cases.profile(register.get_customer(matches[0]["id"])), None
    registration = register.submit_registration(_registration(message, contact), "intake")
    if registration["status"] != "created":
        return {}, registration["review_id"]
    return cases.profile(register.get_customer(registration["customer_id"])), None


def _registration(message: Inbound, contact: dict[str, Any]) -> dict[str, Any]:
    return {
        "customer": {"kind": "person", "name": message.sender_name or message.sender_address, **contact},
        "source": "inbound_message",
        "reference": message.message_id[:100],
    }


def link(session: Session, case: Case, customer: dict[str, Any], by: str, now: datetime) -> Case:
    """Tie the case to `customer` (CustomerOut) and announce `case_customer_linked`
    (messaging then confirms the case to them)."""
    cases.link_customer(session, case, customer, by, now)
    record(session, OutboxMessage, "case_customer_linked", case_customer_linked(case))
    return case


def review_decided(uow: UnitOfWork, event: dict[str, Any], register: CustomerRegister, now: datetime) -> None:
    """The register decided an unknown sender's registration (the `review_decided`
    event): every case waiting on that review gets the customer. Once per event; other
    registrations than an inbound message's, and refusals, change nothing."""
    data = event["data"]
    if data.get("source") != "inbound_message" or data.get("customer_id") is None:
        return
    found = register.get_customer(data["customer_id"])
    with uow.transaction() as session:
        if not claim(session, ProcessedEvent, event["event_id"], "case.on_review_decided"):
            return
        for case in session.scalars(select(Case).where(Case.review_id == data["review_id"])):
            link(session, case, found, "review", now)


def case_customer_linked(case: Case) -> dict[str, Any]:
    """The `case_customer_linked` event's data."""
    return {
        "case_id": case.id,
        "number": case.number,
        "customer_id": case.customer_id,
        "subject": case.subject,
    }

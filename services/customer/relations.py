"""Who works where (contact persons, newsletter recipients) and the notes on a customer
(C1, C9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.customer.customers import CustomerSummary
from crm_common.contracts.customer.log import NoteOut
from crm_common.contracts.customer.relations import EmploymentOut
from crm_common.errors import InvalidInput, NotFound
from crm_common.history import newest_first
from crm_common.phones import NotAPhoneNumber, to_e164
from services.customer import audit_trail, register
from services.customer.merging import resolve
from services.customer.models import Customer, Employment, Note, OutboxMessage
from services.customer.register import ensure_not_erased, get_customer


def link_person(session: Session, organisation_id: int, data: dict[str, Any]) -> dict[str, Any]:
    organisation = resolve(session, organisation_id)
    person = session.get(Customer, data["person_id"])
    if person is not None and person.merged_into_id is not None:
        person = resolve(session, person.id)
    errors = {}
    if organisation.kind != "organisation":
        errors["organisation_id"] = "not an organisation"
    if person is None or person.kind != "person":
        errors["person_id"] = "no such person"
    if errors or person is None:  # no person is always an error here
        raise InvalidInput("cannot link these customers", errors)
    ensure_not_erased(person), ensure_not_erased(organisation)
    employment = Employment(
        person_id=person.id,
        organisation_id=organisation.id,
        job_title=data.get("job_title"),
        started_on=data.get("started_on"),
        ended_on=data.get("ended_on"),
        is_contact=data.get("is_contact", True),
        receives_newsletter=data.get("receives_newsletter", False),
    )
    session.add(employment)
    session.flush()
    return employment_row(employment, person, organisation)


# Built once: making an alias per call costs more than the query itself.
_PERSON, _ORG = aliased(Customer, name="person"), aliased(Customer, name="org")


def employments(session: Session, customer_id: int, current_only: bool = False) -> list[dict[str, Any]]:
    """A person's organisations, or an organisation's people, newest first."""
    person, org = _PERSON, _ORG
    query = (
        select(Employment, person, org)
        .join(person, person.id == Employment.person_id)
        .join(org, org.id == Employment.organisation_id)
        .where(or_(Employment.person_id == customer_id, Employment.organisation_id == customer_id))
        .order_by(Employment.started_on.desc(), Employment.id.desc())
    )
    if current_only:
        query = query.where(or_(Employment.ended_on.is_(None), Employment.ended_on >= date.today()))
    return [employment_row(e, p, o) for e, p, o in session.execute(query)]


def employment_row(e: Employment, person: Customer, organisation: Customer) -> dict[str, Any]:
    return {
        "id": e.id,
        "person_id": person.id,
        "person_name": person.name,
        "organisation_id": organisation.id,
        "organisation_name": organisation.name,
        "job_title": e.job_title,
        "started_on": e.started_on,
        "ended_on": e.ended_on,
        "is_contact": e.is_contact,
        "receives_newsletter": e.receives_newsletter,
    }


def add_note(session: Session, customer_id: int, author: str, text: str) -> Note:
    ensure_not_erased(get_customer(session, customer_id))
    note = Note(customer_id=customer_id, author=author, text=text, created_at=utcnow())
    session.add(note)
    session.flush()
    return note


def latest_notes(session: Session, customer_id: int, limit: int = 3) -> list[Note]:
    return newest_first(session, Note, customer_id, limit)


def record_contact(session: Session, customer_id: int, at: datetime) -> None:
    """Remember the last time we spoke with the customer (calls, messages)."""
    customer = session.get(Customer, customer_id)
    if customer is not None and (customer.last_contact_at is None or customer.last_contact_at < at):
        customer.last_contact_at = at


def link(session: Session, actor: Acting, organisation_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """link_person, on the organisation's and the person's audit trails. Returns
    EmploymentOut."""
    out: dict[str, Any] = dump(EmploymentOut, link_person(session, organisation_id, data))
    _employment_act(session, actor, "contact_person_linked", out, {})
    return out


def _employment_act(
    session: Session, actor: Acting, action: str, out: dict[str, Any], before: dict[str, Any]
) -> None:
    """The act on both sides' trails: the organisation's (naming the person) and the
    person's (naming the organisation), so each one's change history shows it."""
    found = audit_trail.field_changes(before, audit_trail.link_fields(out))
    for customer_id, other in (("organisation_id", "person_id"), ("person_id", "organisation_id")):
        record_act(
            session,
            OutboxMessage,
            actor,
            action,
            customer_id=out[customer_id],
            target=f"customer {out[other]}",
            details={"changes": found},
        )


def end(
    session: Session, actor: Acting, customer_id: int, employment_id: int, ended_on: date
) -> dict[str, Any]:
    """End an employment of this customer (the person's or the organisation's) on
    `ended_on`, on both sides' audit trails. Returns EmploymentOut. Raises NotFound
    (not this customer's), InvalidInput (ends before it starts), Conflict (erased)."""
    customer = resolve(session, customer_id)
    employment = session.get(Employment, employment_id)
    if employment is None or customer.id not in (employment.person_id, employment.organisation_id):
        raise NotFound(f"no employment {employment_id} here", {"employment_id": "not found"})
    person, organisation = (
        get_customer(session, employment.person_id),
        get_customer(session, employment.organisation_id),
    )
    ensure_not_erased(person), ensure_not_erased(organisation)
    if employment.started_on and ended_on < employment.started_on:
        started = employment.started_on
        raise InvalidInput("ends before it starts", {"ended_on": f"before it started ({started})"})
    before = audit_trail.link_fields(dump(EmploymentOut, employment_row(employment, person, organisation)))
    employment.ended_on = ended_on
    out: dict[str, Any] = dump(EmploymentOut, employment_row(employment, person, organisation))
    _employment_act(session, actor, "employment_ended", out, before)
    return out


def note(session: Session, customer_id: int, author: str, text: str) -> dict[str, Any]:
    """A note on the customer (the one it was merged into, if it was). Returns NoteOut."""
    out: dict[str, Any] = dump(NoteOut, add_note(session, resolve(session, customer_id).id, author, text))
    return out


def phone_owners(session: Session, number: str, region: str) -> list[dict[str, Any]]:
    """Who holds `number` (read as `region`): [{"customer": CustomerSummary,
    "organisations": [{id, name}] (a person's current employers), "e164"}]. Raises
    InvalidInput when it cannot be a phone number."""
    try:
        e164 = to_e164(number, region)
    except NotAPhoneNumber:
        raise InvalidInput("not a phone number", {"number": "not a phone number"}) from None
    return [
        {"customer": dump(CustomerSummary, c), "organisations": _employers(session, c), "e164": e164}
        for c in register.find_by_phone(session, e164)
    ]


def _employers(session: Session, customer: Customer) -> list[dict[str, Any]]:
    if customer.kind != "person":
        return []
    return [
        {"id": e["organisation_id"], "name": e["organisation_name"]}
        for e in employments(session, customer.id, current_only=True)
        if e["person_id"] == customer.id
    ]


def contacted(session: Session, customer_id: int | None, at: str) -> None:
    """An event's contact with a customer (`at` in ISO form); nothing without a customer."""
    if customer_id:
        record_contact(session, customer_id, datetime.fromisoformat(at))

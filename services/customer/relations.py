"""Who works where (contact persons, newsletter recipients) and the notes on a customer
(C1, C9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from crm_common.clock import utcnow
from crm_common.errors import InvalidInput
from crm_common.history import newest_first
from services.customer.merging import resolve
from services.customer.models import Customer, Employment, Note
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
    if errors:
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

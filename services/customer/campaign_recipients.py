"""Whom a campaign writes to, a page of a saved selection at a time: the persons of the
selection who consented to marketing, and for each organisation of it its newsletter
recipients (C9: current employments that receive the newsletter) who consented.

Why the consent is in the query: the campaign ends at its first empty page, so a page
holds only members that have someone to write to. Each recipient carries `cursor`, the
selection member it came from, where the next page starts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from crm_common.contracts import dump
from crm_common.contracts.customer.selections import ContactOut
from services.customer import saved_selections, selections
from services.customer.models import Customer, Employment


def page(
    session: Session, selection_id: int, region: str, now: datetime, limit: int, after_id: int
) -> list[dict[str, Any]]:
    """Up to `limit` members after `after_id` with someone to write to, as the ContactOut
    of each recipient plus `cursor`. Raises NotFound (no such selection)."""
    criteria = saved_selections.get(session, selection_id).criteria
    query = (
        select(Customer)
        .where(
            Customer.id.in_(selections.matching(criteria, region, now)),
            Customer.id > after_id,
            _reachable(now.date()),
        )
        .order_by(Customer.id)
        .limit(limit)
        .options(*_contact_details())
    )
    with selections.time_limit(session):
        members = list(session.scalars(query))
    out = []
    for member in members:
        for recipient in _recipients(session, member, now.date()):
            out.append({**dump(ContactOut, recipient), "cursor": member.id})
    return out


def newsletter_recipients(session: Session, organisation_id: int, today: date) -> list[Customer]:
    """The organisation's newsletter recipients who consented, by id."""
    query = (
        select(Customer)
        .join(Employment, Employment.person_id == Customer.id)
        .where(Employment.organisation_id == organisation_id, _receives(today), _consented(Customer))
        .order_by(Customer.id)
        .options(*_contact_details())
    )
    return list(session.scalars(query).unique())


def _recipients(session: Session, member: Customer, today: date) -> list[Customer]:
    if member.kind == "organisation":
        return newsletter_recipients(session, member.id, today)
    return [member]


def _reachable(today: date) -> ColumnElement[bool]:
    """A person who consented, or an organisation with a newsletter recipient who did."""
    person = aliased(Customer)
    has_recipient = exists(
        select(Employment.id)
        .join(person, person.id == Employment.person_id)
        .where(Employment.organisation_id == Customer.id, _receives(today), _consented(person))
    )
    return or_(
        and_(Customer.kind == "person", _consented(Customer)),
        and_(Customer.kind == "organisation", has_recipient),
    )


def _receives(today: date) -> ColumnElement[bool]:
    return and_(
        Employment.receives_newsletter.is_(True),
        or_(Employment.ended_on.is_(None), Employment.ended_on > today),
    )


def _consented(who: Any) -> ColumnElement[bool]:
    return and_(who.marketing_consent.is_(True), who.merged_into_id.is_(None), who.erased_at.is_(None))


def _contact_details() -> tuple[Any, ...]:
    return (selectinload(Customer.emails), selectinload(Customer.phones), selectinload(Customer.addresses))

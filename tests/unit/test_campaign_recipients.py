"""Whom a campaign writes to (C9, M5): persons of the selection who consented to marketing,
and an organisation's newsletter recipients who did; a page holds only members someone
can be written to for, each recipient naming the member it came from."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from services.customer import campaign_recipients, consent, intake
from services.customer.models import Base, Employment, OutboxMessage, Selection

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
AGENT = Acting("ann", "agent")


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(session, **data):
    return intake.create(session, load(CustomerCreate(), {"country": "SE", **data}), "SE")


def person(session, given, agrees=False, **extra):
    customer = create(session, kind="person", given_name=given, family_name="Ek", **extra)
    if agrees:
        consent.change(session, AGENT, customer.id, True, "agent:ann", NOW)
    return customer


def works_at(session, who, org, receives=True, ended_on=None):
    session.add(
        Employment(person_id=who.id, organisation_id=org.id, receives_newsletter=receives, ended_on=ended_on)
    )
    session.flush()


def test_only_who_consented_and_an_organisations_newsletter_recipients_who_did(uow):
    with uow.transaction() as session:
        yes = person(session, "Anna", agrees=True, job_title="Gardener")
        person(session, "Bo", job_title="Gardener")  # never asked: opt-in means left out
        org = create(session, kind="organisation", name="Rosor AB", industry="Gardening")
        lonely = create(session, kind="organisation", name="Tyst AB", industry="Gardening")
        reader = person(session, "Cia", agrees=True)
        works_at(session, reader, org)
        works_at(session, person(session, "Dan"), org)  # receives it, never consented
        works_at(session, person(session, "Eva", agrees=True), org, receives=False)
        works_at(session, person(session, "Fia", agrees=True), org, ended_on=date(2026, 1, 1))
        works_at(session, person(session, "Gun"), lonely)
        criteria = {"any": [{"job_title": "Gardener"}, {"industry": ["Gardening"]}]}
        saved = Selection(name="gardeners", criteria=criteria, created_by="ann", created_at=NOW)
        session.add(saved)
        session.flush()
        page = campaign_recipients.page(session, saved.id, "SE", NOW, 10, 0)
        assert [(r["given_name"], r["cursor"]) for r in page] == [("Anna", yes.id), ("Cia", org.id)]
        # the organisation without a consenting recipient is no member of any page
        assert campaign_recipients.page(session, saved.id, "SE", NOW, 1, yes.id)[0]["cursor"] == org.id
        assert campaign_recipients.page(session, saved.id, "SE", NOW, 10, org.id) == []


def test_consent_keeps_its_first_time_and_source_and_each_change_is_an_act(uow):
    later = datetime(2026, 12, 1, tzinfo=timezone.utc)
    with uow.transaction() as session:
        anna = person(session, "Anna")
        assert (anna.marketing_consent, anna.consent_changed_at) == (False, None)
        consent.change(session, AGENT, anna.id, True, "portal", NOW)
        consent.change(session, AGENT, anna.id, True, "agent:ann", later)  # the same answer
        assert (anna.marketing_consent, anna.consent_changed_at, anna.consent_source) == (True, NOW, "portal")
        consent.change(session, AGENT, anna.id, False, "agent:ann", later)
        assert (anna.marketing_consent, anna.consent_changed_at, anna.consent_source) == (
            False,
            later,
            "agent:ann",
        )
        acts = [
            m.payload["data"]
            for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            if m.event_type == "act_recorded" and m.payload["data"]["action"] == "consent_changed"
        ]
    assert [(a["details"]["changes"][0]["new"], a["details"]["source"]) for a in acts] == [
        (True, "portal"),
        (False, "agent:ann"),
    ]

"""The campaigns a supervisor follows: newest first, a page at a time before the last id,
each with its results."""

import pytest

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.messaging import CampaignIn, TemplateIn
from services.messaging import campaigns, settings_admin
from services.messaging.models import Base


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def test_campaigns_come_newest_first_a_page_at_a_time_with_their_results(uow):
    with uow.transaction() as session:
        body = {"name": "news", "language": "sv", "channel": "email", "purpose": "marketing"}
        body |= {"subject": "Hej", "text": "Hej {{ customer.name }}"}
        settings_admin.save_template(session, "news", "sv", "email", load(TemplateIn(), body), utcnow())
        for name in ("Jan", "Feb", "Mar"):
            data = load(CampaignIn(), {"name": name, "template": "news", "selection_id": 1})
            campaigns.create(session, data, "sup", utcnow())
    with uow.read() as session:
        first = campaigns.listed(session, 2)
        assert [c.name for c in first] == ["Mar", "Feb"]
        assert [c.name for c in campaigns.listed(session, 2, first[-1].id)] == ["Jan"]
        shown = campaigns.described(session, first[0])
        results = shown["results"]
        assert (shown["status"], results["delivered"], results["replied"]) == ("draft", 0, 0)

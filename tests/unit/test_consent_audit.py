"""A customer's consent to marketing (M5) changed, by themselves or by staff, is on the
audit trail as `consent_changed`: the channel, the newsletter, old and new; a change
that changes nothing is no act."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from services.messaging import settings_admin
from services.messaging.models import Base, OutboxMessage

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
AGENT = Acting("ann", "agent")
CUSTOMER = Acting("customer-7", "customer")


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def acts(uow):
    with uow.read() as session:
        found = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [m.payload["data"] for m in found if m.event_type == "act_recorded"]


def test_an_opt_out_and_an_opt_in_are_acts_with_channel_newsletter_old_and_new(uow):
    with uow.transaction() as session:
        settings_admin.stop_marketing(session, 7, "email", "news", NOW, AGENT)
        settings_admin.stop_marketing(session, 7, "email", "news", NOW, AGENT)  # no change
        settings_admin.resume_marketing(session, 7, "email", "news", CUSTOMER)
        settings_admin.resume_marketing(session, 7, "sms", None, CUSTOMER)  # none to take back
        settings_admin.stop_marketing(session, 7, "sms", None, NOW, CUSTOMER)
    out, back, sms = acts(uow)
    assert {a["action"] for a in (out, back, sms)} == {"consent_changed"}
    assert {a["customer_id"] for a in (out, back, sms)} == {7}
    assert (out["actor"], out["actor_role"]) == ("ann", "agent")
    assert (back["actor"], sms["actor"]) == ("customer-7", "customer-7")
    assert out["target"] == "marketing by email, newsletter news"
    assert (out["details"]["channel"], out["details"]["newsletter"]) == ("email", "news")
    assert out["details"]["changes"] == [{"field": "consent", "old": True, "new": False}]
    assert back["details"]["changes"] == [{"field": "consent", "old": False, "new": True}]
    assert (sms["target"], sms["details"]["newsletter"]) == ("marketing by sms", None)

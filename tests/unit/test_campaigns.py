"""Campaigns (M4): paced pages, resumable without double sends, a lost race sends
nothing, and replies and orders within the window are counted once."""

from datetime import timedelta

import pytest

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.messaging import CampaignIn, TemplateIn
from crm_common.errors import Conflict
from services.messaging import campaigns, settings_admin
from services.messaging.models import Base, Message


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def member(n):
    return {"id": n, "name": f"Kund {n}", "language": "sv", "emails": [{"address": f"k{n}@example.se"}]}


def campaign(session, **extra):
    valid = load(
        TemplateIn(),
        {
            "name": "spring",
            "language": "sv",
            "channel": "email",
            "purpose": "marketing",
            "subject": "Våren",
            "text": "Hej {{ customer.name }}",
        },
    )
    settings_admin.save_template(session, "spring", "sv", "email", valid, utcnow())
    data = load(
        CampaignIn(), {"name": "Vår", "template": "spring", "selection_id": 1, "per_minute": 120, **extra}
    )
    made = campaigns.create(session, data, "sup", utcnow())
    return campaigns.move(session, made, "start", utcnow() - timedelta(seconds=30))


def test_pages_follow_the_pace_and_a_rerun_page_sends_nobody_twice(uow):
    now = utcnow()
    with uow.transaction() as session:
        c = campaign(session)
        assert campaigns.due_now(c, c.advanced_at + timedelta(seconds=30)) == 60  # 120 a minute, for 30 s
        first = campaigns.send_page(session, c, [member(1), member(2)], 0, now)
        assert [m.recipient for m in first] == ["k1@example.se", "k2@example.se"]
        session.refresh(c)
        assert (c.cursor, c.targeted) == (2, 2)
        # a second process with the same page (it read the cursor before the move) sends nothing
        assert campaigns.send_page(session, c, [member(1), member(2)], 0, now) == []
        campaigns.move(session, c, "pause", now)
        with pytest.raises(Conflict):
            campaigns.move(session, c, "pause", now)
        campaigns.move(session, c, "start", now)
        campaigns.send_page(session, c, [member(3)], 2, now)
        campaigns.send_page(session, c, [], 3, now)
        session.refresh(c)
        assert c.status == "done" and session.query(Message).filter_by(campaign_id=c.id).count() == 3


def test_replies_and_orders_in_the_window_count_once(uow):
    now = utcnow()
    with uow.transaction() as session:
        c = campaign(session, order_window_days=7)
        (one, two) = campaigns.send_page(session, c, [member(1), member(2)], 0, now)
        for message in (one, two):
            message.status, message.sent_at, message.message_id = "sent", now, f"<m{message.id}@crm.example>"
        session.flush()
        assert campaigns.replied(session, ["<other@x>", f"<m{one.id}@crm.example>"], 1, now) == 1
        assert campaigns.replied(session, [f"<m{one.id}@crm.example>"], 1, now) == 0  # once
        assert campaigns.ordered(session, 2, now + timedelta(days=3)) == 1
        assert campaigns.ordered(session, 1, now + timedelta(days=8)) == 0  # too late
        result = campaigns.results(session, c)
        assert (result["delivered"], result["replied"], result["ordered"]) == (2, 1, 1)


def test_a_text_back_within_the_window_is_the_reply_to_a_campaign_sms(uow):
    now = utcnow()
    with uow.transaction() as session:
        valid = load(
            TemplateIn(),
            {
                "name": "sms_offer",
                "language": "sv",
                "channel": "sms",
                "purpose": "marketing",
                "text": "Rea i helgen!",
            },
        )
        settings_admin.save_template(session, "sms_offer", "sv", "sms", valid, now)
        data = load(
            CampaignIn(),
            {
                "name": "SMS",
                "template": "sms_offer",
                "channel": "sms",
                "selection_id": 1,
                "order_window_days": 3,
            },
        )
        c = campaigns.move(session, campaigns.create(session, data, "sup", now), "start", now)
        texted = {**member(5), "phones": [{"e164": "+46701112233", "label": "mobile"}]}
        (message,) = campaigns.send_page(session, c, [texted], 0, now)
        message.status, message.sent_at = "sent", now
        session.flush()
        assert campaigns.replied(session, [], 5, now + timedelta(days=4), "sms") == 0  # too late
        assert (
            campaigns.replied(session, [], 5, now + timedelta(hours=2), "email") == 0
        )  # a mail without a thread
        assert campaigns.replied(session, [], 5, now + timedelta(hours=2), "sms") == 1
        assert campaigns.results(session, c)["replied"] == 1

"""What the messaging service's entrypoints call, each in one step: an event's messages
queued and announced once, a campaign's page asked of the customer service and sent, a
batch sent and settled, template changes written to the audit trail, opt-outs, a
manual message, a document as a file and a merged customer's messages moved."""

import base64
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from crm_common.cache import Lru
from crm_common.config import Settings
from crm_common.contracts import load
from crm_common.contracts.messaging import CampaignIn, ManualMessageIn, TemplateIn
from crm_common.errors import InvalidInput
from services.messaging import (
    campaigns,
    delivery,
    documents,
    event_messages,
    outgoing,
    personal_data,
    settings_admin,
)
from services.messaging.contacts import Contacts
from services.messaging.models import Base, Message, OutboxMessage

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
ADMIN = Acting("ada", "admin")


def person(n, **extra):
    return {
        "id": n,
        "name": f"Kund {n}",
        "language": "sv",
        "emails": [{"address": f"k{n}@example.se"}],
        "phones": [{"label": "mobile", "e164": f"+4670000000{n}"}],
        **extra,
    }


class FakeCustomers:
    """The customer service's RPCs messaging asks, counting the calls."""

    def __init__(self, members=()):
        self.members = list(members)
        self.asked = []

    def get_customer(self, customer_id):
        self.asked.append(("get_customer", customer_id))
        return person(customer_id)

    def selection_contacts(self, selection_id, limit, after_id):
        self.asked.append(("selection_contacts", selection_id, limit, after_id))
        return [m for m in self.members if m["id"] > after_id][:limit]


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def contacts(service=None):
    return Contacts(service or FakeCustomers(), Lru(10))


def events(uow, kind=None):
    with uow.read() as session:
        found = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.event_type, m.payload["data"]) for m in found if kind in (None, m.event_type)]


def messages(uow):
    with uow.read() as session:
        found = list(session.scalars(select(Message).order_by(Message.id)))
        session.expunge_all()  # read as they were: the test looks at them after the session
        return found


def event(data, event_id="e1", at=NOW):
    return {"event_id": event_id, "occurred_at": at.isoformat(), "data": data}


def test_the_customer_is_asked_once_and_then_comes_from_the_cache():
    service = FakeCustomers()
    asking = contacts(service)
    assert asking.customer(7) == asking.customer(7) == person(7)
    assert service.asked == [("get_customer", 7)]


def test_a_case_is_confirmed_and_announced_once_per_event(uow):
    case = {"case_id": 4, "number": "2026-000004", "subject": "Slangen", "customer_id": 7}
    event_messages.confirm_case(uow, event(case), contacts(), "messaging.on_case_opened")
    event_messages.confirm_case(uow, event(case), contacts(), "messaging.on_case_opened")
    (message,) = messages(uow)
    assert (message.dedupe_key, message.recipient) == ("case_opened:4", "k7@example.se")
    assert events(uow) == [
        ("message_recorded", {"message_id": message.id, "customer_id": 7, "template": "case_confirmation"})
    ]


def test_an_auto_reply_or_a_case_without_a_customer_is_not_confirmed(uow):
    service = FakeCustomers()
    base = {"case_id": 4, "number": "2026-000004", "subject": "Re: auto"}
    event_messages.confirm_case(
        uow, event({**base, "customer_id": 7, "confirm": False}), contacts(service), "h"
    )
    event_messages.confirm_case(uow, event({**base, "customer_id": None}, "e2"), contacts(service), "h")
    assert messages(uow) == [] and service.asked == []


def test_a_reply_without_a_customer_goes_to_the_senders_own_address(uow):
    reply = {
        "entry_id": 3,
        "channel": "email",
        "recipient": "okand@example.se",
        "subject": "Re: Slangen",
        "body": "Hej",
        "number": "1",
    }
    event_messages.reply_to_case(uow, event(reply), contacts())
    event_messages.reply_to_case(uow, event(reply), contacts())
    (message,) = messages(uow)
    assert (message.recipient, message.customer_id, message.dedupe_key) == (
        "okand@example.se",
        None,
        "case_replied:3",
    )


def test_staff_get_reminders_and_sla_warnings_on_each_channel(uow):
    reminder = {
        "reminder_id": 5,
        "about": "case",
        "about_id": 1,
        "text": "Ring kunden",
        "remind_at": NOW.isoformat(),
        "recipients": [{"username": "ann", "email": "ann@example.se"}, {"username": "bo", "email": None}],
    }
    event_messages.remind_staff(uow, event(reminder, "r1"))
    sla = {
        "case_id": 1,
        "number": "2026-000001",
        "subject": "s",
        "target": "first_response",
        "breached": False,
        "due": NOW.isoformat(),
        "priority": "normal",
        "queue": None,
        "assignee": None,
        "actions": [],
        "notify": {"email": ["sup@example.se"], "sms": ["+46701"]},
    }
    event_messages.warn_staff(uow, event(sla, "s1"))
    event_messages.warn_staff(uow, event(sla, "s1"))
    sent = [(m.template, m.recipient, m.status) for m in messages(uow)]
    assert sent == [
        ("reminder", "ann@example.se", "queued"),
        ("reminder", None, "no_address"),
        ("sla_warning", "sup@example.se", "queued"),
        ("sla_warning_sms", "+46701", "queued"),
    ]
    assert len(events(uow, "message_recorded")) == 4


def campaign_started(uow, per_minute=120):
    with uow.transaction() as session:
        valid = load(
            TemplateIn(),
            {
                "name": "spring",
                "language": "sv",
                "channel": "email",
                "purpose": "marketing",
                "subject": "Vår",
                "text": "Hej",
            },
        )
        settings_admin.save_template(session, "spring", "sv", "email", valid, NOW)
        data = load(
            CampaignIn(), {"name": "Vår", "template": "spring", "selection_id": 3, "per_minute": per_minute}
        )
        made = campaigns.create(session, data, "sup", NOW)
        campaigns.move(session, made, "start", NOW - timedelta(seconds=30))
        return made.id


def test_a_campaign_advances_a_page_at_its_pace_and_finishes(uow):
    campaign_id = campaign_started(uow)
    service = FakeCustomers([person(n) for n in range(1, 101)])
    campaigns.advance(uow, contacts(service), NOW)  # 30 s at 120 a minute: 60 members
    assert service.asked == [("selection_contacts", 3, 60, 0)]
    assert len(messages(uow)) == 60 and len(events(uow, "message_recorded")) == 60
    campaigns.advance(uow, contacts(service), NOW + timedelta(seconds=60))
    campaigns.advance(uow, contacts(service), NOW + timedelta(seconds=120))  # nobody left: done
    with uow.read() as session:
        described = campaigns.described(session, campaigns.get(session, campaign_id))
    assert described["status"] == "done" and described["results"]["targeted"] == 100
    assert len(messages(uow)) == 100


def test_a_campaign_is_started_or_paused_by_its_id(uow):
    campaign_id = campaign_started(uow)
    with uow.transaction() as session:
        assert campaigns.start_or_pause(session, campaign_id, "pause", NOW).status == "paused"
        assert campaigns.start_or_pause(session, campaign_id, "start", NOW).status == "running"


def test_an_order_after_a_campaigns_message_is_confirmed_and_counted_once(uow):
    campaign_id = campaign_started(uow)
    campaigns.advance(uow, contacts(FakeCustomers([person(7)])), NOW)
    with uow.transaction() as session:
        (sent,) = session.scalars(select(Message))
        sent.status, sent.sent_at = "sent", NOW  # it reached the customer
    order = {"order_id": 9, "customer_id": 7, "total": "10.00", "currency": "SEK", "status": "placed"}
    placed = event(order, "o1", NOW + timedelta(days=1))
    event_messages.order_placed(uow, placed, contacts())
    event_messages.order_placed(uow, placed, contacts())
    assert [m.template for m in messages(uow)] == ["spring", "order_confirmation"]
    with uow.read() as session:
        assert campaigns.described(session, campaigns.get(session, campaign_id))["results"]["ordered"] == 1


def test_a_mail_answering_a_campaign_is_its_reply_once(uow):
    campaign_id = campaign_started(uow)
    campaigns.advance(uow, contacts(FakeCustomers([person(7)])), NOW)
    with uow.transaction() as session:
        (sent,) = session.scalars(select(Message))
        sent.message_id = "<c1@crm.invalid>"
    answer = event({"customer_id": 7, "references": ["<c1@crm.invalid>"], "channel": "email"}, "m1")
    campaigns.reply_received(uow, answer, "messaging.campaign_replied")
    campaigns.reply_received(uow, answer, "messaging.campaign_replied")
    with uow.read() as session:
        assert campaigns.described(session, campaigns.get(session, campaign_id))["results"]["replied"] == 1


def test_a_due_batch_is_sent_settled_and_announced(uow, tmp_path):
    with uow.transaction() as session:
        outgoing.confirm_case(session, {"case_id": 1, "number": "2026-000001", "subject": "s"}, person(7))
        sla = {"number": "1", "target": "resolution", "breached": True}
        outgoing.compose(session, "sla_warning_sms", "sms1", None, {"sla": sla}, to="+46701")
    settings = Settings(data_dir=tmp_path, sms_url=None, send_connections=2)
    delivery.send_due(uow, NOW, settings)
    mail, sms = messages(uow)
    assert mail.status == "sent" and list((tmp_path / "mail").glob("*.eml"))
    assert (sms.status, sms.failure) == ("failed", "no way to send sms is configured")
    ((kind, data),) = [e for e in events(uow) if e[0] == "message_sent"]
    assert (
        data["message_id"] == mail.id
        and data["channel"] == "email"
        and data["template"] == "case_confirmation"
    )
    with uow.read() as session:
        assert delivery.sent_history(session, 0, 10) == [{**data, "sent_at": mail.sent_at.isoformat()}]
    delivery.send_due(uow, NOW, settings)  # nothing queued: nothing changes
    assert len(events(uow, "message_sent")) == 1


def test_template_and_rule_changes_are_acts_in_the_audit_trail(uow):
    key = ("order_confirmation", "sv", "email")
    valid = load(
        TemplateIn(),
        {"name": key[0], "language": "sv", "channel": "email", "subject": "Order", "text": "Tack"},
    )
    with uow.transaction() as session:
        settings_admin.change_template(session, ADMIN, key, valid, NOW)
        settings_admin.change_event_rules(
            session, ADMIN, "order_placed", [{"template": "order_confirmation", "channel": "email"}]
        )
        settings_admin.remove_template(session, ADMIN, key)
        assert settings_admin.stored_templates(session) == []
    acts = [data for kind, data in events(uow) if kind == "act_recorded"]
    assert [a["target"] for a in acts] == [
        "template order_confirmation/sv/email",
        "event rules order_placed",
        "template order_confirmation/sv/email",
    ]
    assert {a["action"] for a in acts} == {"template_changed"} and acts[0]["actor"] == "ada"


def test_opt_outs_stop_and_resume_marketing_and_answer_what_is_left(uow):
    with uow.transaction() as session:
        assert [o.topic for o in settings_admin.stop_marketing(session, 7, "email", "news", NOW)] == ["news"]
        assert len(settings_admin.stop_marketing(session, 7, "sms", None, NOW)) == 2
        assert [o.channel for o in settings_admin.resume_marketing(session, 7, "email", "news")] == ["sms"]


def test_a_manual_message_is_queued_announced_and_keeps_no_secret(uow):
    data = load(ManualMessageIn(), {"template": "portal_login_link", "values": {"minutes": 20}})
    link = "https://crm.example/portal/login/abc"
    with uow.transaction() as session:
        message = outgoing.by_hand(session, data, person(7), "ann", {"link": link})
        assert message.dedupe_key.startswith("manual:") and link not in message.body
        assert "[login link removed]" in message.body and message.sealed
    assert events(uow) == [
        ("message_recorded", {"message_id": message.id, "customer_id": 7, "template": "portal_login_link"})
    ]
    with uow.transaction() as session, pytest.raises(InvalidInput):
        outgoing.by_hand(session, {**data, "template": "no_such"}, person(7), "ann")


def test_a_document_is_a_pdf_file_named_for_its_template(uow):
    with uow.transaction() as session:
        valid = load(
            TemplateIn(),
            {
                "name": "contract",
                "language": "sv",
                "channel": "letter",
                "subject": "Avtal",
                "text": "Vi avtalar {{ what }}",
            },
        )
        settings_admin.save_template(session, "contract", "sv", "letter", valid, NOW)
    with uow.read() as session:
        made = documents.as_file(
            session, "contract", {"what": "service"}, person(7), "Kundtjänst <k@example.se>"
        )
    assert made["filename"] == "contract.pdf" and base64.b64decode(made["content"]).startswith(b"%PDF")
    assert messages(uow) == []  # nothing sent or logged


def test_a_merged_customers_messages_and_opt_outs_go_to_the_survivor(uow):
    with uow.transaction() as session:
        outgoing.confirm_case(session, {"case_id": 1, "number": "1", "subject": "s"}, person(8))
        settings_admin.opt_out(session, 8, "sms", None, NOW)
        settings_admin.opt_out(session, 7, "sms", None, NOW)
        personal_data.move_to_survivor(session, 8, 7)
        assert [m.customer_id for m in session.scalars(select(Message))] == [7]
        assert [o.customer_id for o in settings_admin.opt_outs(session, 7)] == [7]
        assert settings_admin.opt_outs(session, 8) == []

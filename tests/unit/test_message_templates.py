"""Templates as data (M1, M2, M5): a stored template in the customer's language wins over
the built-in one, partials compose, HTML escapes what it is given, marketing respects
opt-outs, event rules send on several channels once each, and letters become PDFs."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.messaging import TemplateIn
from crm_common.errors import InvalidInput
from services.messaging import letters, outgoing, settings_admin
from services.messaging.models import Base

ASA = {
    "id": 7,
    "name": "Åsa <b>Lind</b>",
    "language": "sv",
    "emails": [{"address": "asa@example.se"}],
    "phones": [{"e164": "+46701234567", "label": "mobile"}],
    "addresses": [{"street": "Storgatan 1", "postal_code": "411 01", "city": "Göteborg"}],
}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def store(session, name, language, channel, **data):
    valid = load(TemplateIn(), {"name": name, "language": language, "channel": channel, **data})
    return settings_admin.save_template(session, name, language, channel, valid, utcnow())


def test_a_subject_longer_than_its_column_loses_its_end(uow):
    with uow.transaction() as session:
        store(session, "long", "sv", "email", subject="Påminnelse: {{ about }}", text="x")
        message = outgoing.compose(session, "long", "l1", ASA, {"about": "y" * 300}, language="sv")
        assert message.subject.startswith("Påminnelse: yyy") and len(message.subject) == 200


def test_the_customers_language_partials_and_an_escaped_html_part(uow):
    with uow.transaction() as session:
        store(session, "signature", "sv", "partial", text="Hälsningar\nKundtjänst")
        store(
            session,
            "order_confirmation",
            "sv",
            "email",
            subject="Din order {{ order.order_id }}",
            text="Hej {{ customer.name }}!\n{% include 'signature' %}",
            html="<p>Hej {{ customer.name }}!</p>",
        )
        swedish = outgoing.compose(session, "order_confirmation", "k1", ASA, {"order": {"order_id": 5}})
        assert swedish.subject == "Din order 5" and swedish.language == "sv"
        assert swedish.body == "Hej Åsa <b>Lind</b>!\nHälsningar\nKundtjänst"
        assert swedish.html_body == "<p>Hej Åsa &lt;b&gt;Lind&lt;/b&gt;!</p>"
        english = outgoing.compose(
            session,
            "order_confirmation",
            "k2",
            {**ASA, "language": "fi"},
            {"order": {"order_id": 6, "total": "1.00", "currency": "SEK", "status": "placed"}},
        )
        assert english.subject == "Your order 6" and english.language == "en"  # no Finnish: the built-in
        store(session, "broken", "sv", "email", subject="x", text="{{ order.missing.deeper }}")
        with pytest.raises(InvalidInput, match="template 'broken'"):
            outgoing.compose(session, "broken", "k3", ASA, {"order": {}})


def test_marketing_is_not_sent_to_who_opted_out_but_service_messages_are(uow):
    with uow.transaction() as session:
        store(
            session,
            "spring_news",
            "sv",
            "email",
            purpose="marketing",
            topic="newsletter",
            subject="Våren är här",
            text="Nyheter",
        )
        settings_admin.opt_out(session, ASA["id"], "email", "newsletter", utcnow())
        assert outgoing.compose(session, "spring_news", "m1", ASA, {}).status == "opted_out"
        assert outgoing.compose(session, "spring_news", "m2", {**ASA, "id": 8}, {}).status == "queued"
        order = {"order_id": 1, "total": "1.00", "currency": "SEK", "status": "placed"}
        assert outgoing.compose(session, "order_confirmation", "s1", ASA, {"order": order}).status == "queued"
        settings_admin.opt_in(session, ASA["id"], "email", "newsletter")
        assert outgoing.compose(session, "spring_news", "m3", ASA, {}).status == "queued"


def test_event_rules_send_on_every_channel_named_once_each(uow):
    data = {"order_id": 9, "total": "10.00", "currency": "SEK", "status": "placed"}
    with uow.transaction() as session:
        store(session, "order_sms", "sv", "sms", text="Tack för order {{ order.order_id }}!")
        settings_admin.set_event_rules(
            session,
            "order_placed",
            [
                {"template": "order_confirmation", "channel": "email"},
                {"template": "order_sms", "channel": "sms"},
            ],
        )
        made = outgoing.tell(session, "order_placed", "evt-1", ASA, data)
        assert sorted((m.channel, m.recipient, m.body) for m in made)[1] == (
            "sms",
            "+46701234567",
            "Tack för order 9!",
        )
        assert outgoing.tell(session, "order_placed", "evt-1", ASA, data) == []  # the event again
        with pytest.raises(InvalidInput):
            settings_admin.set_event_rules(session, "order_placed", [{"template": "nope", "channel": "sms"}])


def test_a_letter_is_a_pdf_with_the_postal_address_in_the_window():
    address = letters.address_block(ASA)
    assert address == "Åsa <b>Lind</b>\nStorgatan 1\n411 01 Göteborg"
    pdf = letters.pdf_of(
        "Kundtjänst AB", address, "Ditt medlemskap", "Välkommen åter – när du vill.", date(2026, 11, 24)
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in (
        "Kundtjänst AB",
        "Storgatan 1",
        "411 01 Göteborg",
        "2026-11-24",
        "Ditt medlemskap",
        "Välkommen åter",
    ):
        assert expected in text

"""Taking in what customers send (K1) as the case service does it, with the customer
register faked: who wrote, an unknown sender registered or held for review, the events
a message raises, the portal's own cases, and a decided review giving the cases their
customer."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm_common.contracts import dump
from crm_common.contracts.case.intake import InboundOut
from crm_common.errors import InvalidInput, NotFound
from services.case import intake, portal, senders
from services.case.inbound import Inbound
from services.case.models import Base, Case, OutboxMessage

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
ASA = {
    "id": 7,
    "name": "Åsa Lindqvist",
    "kind": "person",
    "language": "sv",
    "country": "SE",
    "emails": [{"address": "asa@example.se"}],
    "addresses": [{"postal_code": "11122"}],
    "employments": [],
}


class FakeRegister:
    """The customer service's methods the case service asks, answering from a dict."""

    def __init__(self, customers=(), registration=None):
        self.customers = {c["id"]: c for c in customers}
        self.registration = registration or {"status": "created", "customer_id": 7, "review_id": None}
        self.submitted = []

    def find_by_email(self, address):
        found = [c for c in self.customers.values() if address in [e["address"] for e in c.get("emails", [])]]
        return [{"id": c["id"]} for c in found]

    def find_by_phone(self, number):
        if not number.startswith("+"):
            raise InvalidInput("not a phone number", {"number": "invalid"})
        return [
            {"customer": {"id": c["id"]}} for c in self.customers.values() if number in c.get("phones", [])
        ]

    def get_customer(self, customer_id):
        if customer_id not in self.customers:
            raise NotFound("no such customer", {"customer_id": "not found"})
        return self.customers[customer_id]

    def submit_registration(self, data, submitted_by):
        self.submitted.append((data, submitted_by))
        if self.registration["status"] == "created":
            self.customers[7] = ASA
        return self.registration


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def message(text="Slangen läcker.", subject="Trasig slang", message_id="<m1@example.se>", **more):
    return Inbound(
        channel=more.pop("channel", "email"),
        sender_address=more.pop("sender", "asa@example.se"),
        sender_name="Åsa",
        subject=subject,
        text=text,
        message_id=message_id,
        **more,
    )


def answer(got: intake.Received) -> dict:
    """What receive_mail answers (InboundOut), made while the session is open."""
    return dump(
        InboundOut,
        {"case": got.case, "entry_id": got.entry.id, "opened": got.opened, "duplicate": got.duplicate},
    )


def events(uow):
    with uow.read() as session:
        return [
            (m.event_type, m.payload["data"])
            for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_a_known_senders_mail_opens_a_case_announced_for_confirmation(uow):
    got = intake.take_in(uow, message(), FakeRegister([ASA]), NOW, answer)
    assert got["opened"] and not got["duplicate"] and got["case"]["customer_id"] == 7
    [(kind, data)] = events(uow)
    assert kind == "case_opened"
    assert data["case_id"] == got["case"]["id"] and data["confirm"] is True and data["references"] == []


def test_the_same_mail_again_is_answered_as_before_and_raises_nothing(uow):
    register = FakeRegister([ASA])
    first = intake.take_in(uow, message(), register, NOW, answer)
    again = intake.take_in(uow, message(), register, NOW, answer)
    assert again["duplicate"] and again["entry_id"] == first["entry_id"]
    assert [kind for kind, _ in events(uow)] == ["case_opened"]


def test_a_senders_answer_on_their_case_is_announced_as_a_message_received(uow):
    register = FakeRegister([ASA])
    first = intake.take_in(uow, message(), register, NOW, answer)
    number = first["case"]["number"]
    tagged = message("Nu läcker den mer", f"Re: [#{number}] Trasig slang", "<m2@example.se>")
    got = intake.take_in(uow, tagged, register, NOW, answer)
    assert not got["opened"] and got["case"]["id"] == first["case"]["id"]
    kind, data = events(uow)[-1]
    assert kind == "case_message_received"
    assert data == {
        "case_id": first["case"]["id"],
        "number": number,
        "customer_id": 7,
        "entry_id": got["entry_id"],
        "channel": "email",
        "references": [],
    }


def test_an_automatic_mail_opens_a_case_nobody_confirms(uow):
    intake.take_in(uow, message(automatic=True), FakeRegister([ASA]), NOW, answer)
    assert events(uow)[0][1]["confirm"] is False


def test_an_unknown_sender_is_registered_and_a_look_alike_waits_for_review(uow):
    register = FakeRegister(registration={"status": "pending_review", "customer_id": None, "review_id": 31})
    got = intake.take_in(uow, message(sender="ny@example.se"), register, NOW, answer)
    assert got["case"]["customer_id"] is None and got["case"]["review_id"] == 31
    [(data, by)] = register.submitted
    assert by == "intake" and data["source"] == "inbound_message" and data["reference"] == "<m1@example.se>"
    assert data["customer"] == {"kind": "person", "name": "Åsa", "emails": [{"address": "ny@example.se"}]}


def test_an_sms_sender_that_is_no_phone_number_is_refused(uow):
    with pytest.raises(InvalidInput) as err:
        intake.take_in(uow, message(channel="sms", sender="ASA"), FakeRegister(), NOW, answer)
    assert err.value.fields == {"sender": "not a phone number"}


def test_holders_are_the_customers_of_the_address_and_an_unknown_number_is_nobodys():
    register = FakeRegister([ASA, {**ASA, "id": 8}])
    assert [c["id"] for c in senders.holders(register, message())] == [7, 8]
    assert senders.holders(register, message(channel="sms", sender="not-a-number")) == []


def test_a_missing_customer_is_bad_input():
    with pytest.raises(InvalidInput) as err:
        senders.customer(FakeRegister(), 5)
    assert err.value.fields == {"customer_id": "not found"}


def test_a_decided_review_gives_the_waiting_cases_their_customer_once(uow):
    register = FakeRegister(registration={"status": "pending_review", "customer_id": None, "review_id": 31})
    intake.take_in(uow, message(sender="ny@example.se"), register, NOW, answer)
    register.customers[7] = ASA
    decided = {
        "event_id": "e-1",
        "data": {"source": "inbound_message", "customer_id": 7, "review_id": 31},
    }
    senders.review_decided(uow, decided, register, NOW)
    senders.review_decided(uow, decided, register, NOW)  # delivered again
    senders.review_decided(
        uow, {"event_id": "e-2", "data": {**decided["data"], "source": "import"}}, register, NOW
    )
    with uow.read() as session:
        case = session.scalar(select(Case))
        assert (case.customer_id, case.review_id, case.language) == (7, None, "sv")
        linked = {"case_id": case.id, "number": case.number, "customer_id": 7, "subject": "Trasig slang"}
    assert [data for kind, data in events(uow) if kind == "case_customer_linked"] == [linked]


def test_the_portal_shows_and_writes_on_the_customers_own_cases_only(uow):
    with uow.transaction() as session:
        got = portal.write(session, ASA, {"subject": "Fråga", "text": "Hur?"}, None, NOW)
        assert got.opened and got.case.customer_id == 7 and got.case.channel == "web"
        case_id = got.case.id
    with uow.transaction() as session:
        again = portal.write(session, ASA, {"text": "Ett tillägg"}, case_id, NOW)
        assert not again.opened and again.case.id == case_id
        with pytest.raises(NotFound):
            portal.write(session, {**ASA, "id": 8}, {"text": "Min?"}, case_id, NOW)
    with uow.read() as session:
        shown = portal.case_with_journal(session, 7, case_id)
        assert [e.body for e in shown["journal"]] == ["Hur?", "Ett tillägg"]
        with pytest.raises(NotFound):
            portal.case_with_journal(session, 8, case_id)
    assert [kind for kind, _ in events(uow)] == ["case_opened"]


def test_a_new_portal_inquiry_needs_a_subject(uow):
    with uow.transaction() as session, pytest.raises(InvalidInput) as err:
        portal.write(session, ASA, {"text": "Hur?"}, None, NOW)
    assert err.value.fields == {"subject": "missing"}

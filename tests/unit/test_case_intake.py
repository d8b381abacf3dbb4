"""Intake (K1, K3): real mails read into the journal, threaded onto their case by the
case-number tag or the mail thread — only when the case is the sender's — kept once,
with attachments and safe text."""

from datetime import date
from email.message import EmailMessage

import pytest

from crm_common.clock import utcnow
from crm_common.errors import InvalidInput
from services.case import cases, intake, journal
from services.case.html_text import html_to_text
from services.case.inbound import read_mail, read_message
from services.case.models import Base

PROFILE = {"customer_id": 7, "language": "sv", "region": "SE"}
ASA = intake.Sender("asa.lindqvist@example.se", frozenset({7}))  # customer 7 writes


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def mail(subject="Trasig slang", body="Hej! Slangen läcker.", html=None, **headers) -> bytes:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Åsa Lindqvist <Asa.Lindqvist@Example.se>")
    message["To"] = "support@crm.example"
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("Message_ID", "<m1@example.se>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return bytes(message)


def test_a_mail_is_read_with_sender_thread_and_attachments():
    message = EmailMessage()
    message["From"] = "=?utf-8?q?=C3=85sa?= <asa@example.se>"
    message["Subject"] = "=?utf-8?q?Fr=C3=A5ga_om_faktura?="
    message["Message-ID"] = "<abc@example.se>"
    message["In-Reply-To"] = "<case-2026-000001.5@crm.invalid>"
    message["References"] = "<first@example.se> <case-2026-000001.5@crm.invalid>"
    message.set_content("Se bifogad bild.")
    message.add_attachment(b"\x89PNG-bytes", maintype="image", subtype="png", filename="skada.png")
    got = read_mail(bytes(message))
    assert (got.sender_address, got.sender_name, got.subject) == ("asa@example.se", "Åsa", "Fråga om faktura")
    assert got.references == ["<case-2026-000001.5@crm.invalid>", "<first@example.se>"]
    assert got.attachments == [("skada.png", "image/png", b"\x89PNG-bytes")]
    assert got.text == "Se bifogad bild." and not got.automatic


def test_html_only_mail_becomes_plain_text_without_any_active_content():
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>Hej,</p><p>ordern &amp; fakturan <b>stämmer inte</b>.</p>"
        '<ul><li>rad 1</li><li>rad 2</li></ul><a href="https://shop.example/o/1">min order</a>'
        '<img src=x onerror="alert(2)"><iframe src="https://evil.example">inner</iframe></body></html>'
    )
    message = EmailMessage()
    message["From"] = "bo@example.se"
    message["Subject"] = "html"
    message.set_content(html, subtype="html")
    text = read_mail(bytes(message)).text
    assert (
        text
        == "Hej,\n\nordern & fakturan stämmer inte.\n\n- rad 1\n\n- rad 2\n\nmin order <https://shop.example/o/1>"
    )
    # markup hidden in markup leaves text, never a working tag
    assert "<" not in html_to_text("<p>a</p><scr<script>x</script>ipt>alert(1)</script>")


def test_a_mail_without_sender_or_body_is_refused_and_one_without_message_id_gets_a_stable_one():
    with pytest.raises(InvalidInput) as err:
        read_mail(b"Subject: hi\n\nno sender")
    assert err.value.fields == {"From": "missing or not an address"}
    with pytest.raises(InvalidInput):
        read_mail(b"   ")
    raw = b"From: a@example.se\nSubject: x\n\nbody"
    assert read_mail(raw).message_id == read_mail(raw).message_id


def test_auto_replies_are_marked_so_nobody_answers_them():
    assert read_mail(mail(Auto_Submitted="auto-replied")).automatic
    assert read_mail(mail(Precedence="bulk")).automatic
    assert not read_mail(mail()).automatic


def test_a_new_mail_opens_a_case_and_its_repeat_changes_nothing(uow):
    with uow.transaction() as session:
        got = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA)
        assert got.opened and got.case.customer_id == 7 and got.case.channel == "email"
        assert got.case.sender_address == "asa.lindqvist@example.se"
        again = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA)
        assert again.duplicate and again.case.id == got.case.id and again.entry.id == got.entry.id
        assert [e.kind for e in journal.entries(session, got.case.id, True)] == ["message"]


def test_the_case_number_in_the_subject_or_the_thread_finds_the_case(uow):
    with uow.transaction() as session:
        first = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        tagged = read_mail(
            mail(f"Re: [#{first.number}] Trasig slang", "Nu läcker den mer", Message_ID="<m2@x>")
        )
        assert intake.receive(session, tagged, PROFILE, utcnow(), sender=ASA).case.id == first.id
        # a reply to our answer: In-Reply-To names the Message-ID we gave it
        reply = cases.reply(session, first, "Vi skickar en ny.", "ann", utcnow())
        reply.message_id = journal.outgoing_message_id(first, reply, "crm.example")
        threaded = read_mail(
            mail("Re: Trasig slang", "Tack!", Message_ID="<m3@x>", In_Reply_To=reply.message_id)
        )
        assert intake.receive(session, threaded, PROFILE, utcnow(), sender=ASA).case.id == first.id
        # a client that keeps only our own Message-ID in References still threads (it names the case)
        lost = f"<case-{first.number}.999@crm.example>"
        stray = read_mail(mail("Sv: slangen", "En sak till", Message_ID="<m4@x>", References=lost))
        assert intake.receive(session, stray, PROFILE, utcnow(), sender=ASA).case.id == first.id
        bodies = [e.body for e in journal.entries(session, first.id, True)]
        assert bodies == [
            "Hej! Slangen läcker.",
            "Nu läcker den mer",
            "Vi skickar en ny.",
            "Tack!",
            "En sak till",
        ]


def test_a_customer_writing_again_reopens_a_solved_case_but_not_a_closed_one(uow):
    with uow.transaction() as session:
        case = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        cases.set_status(session, case, "solved", "ann", utcnow())
        again = intake.receive(
            session,
            read_mail(mail(f"[#{case.number}]", "igen", Message_ID="<r1@x>")),
            PROFILE,
            utcnow(),
            sender=ASA,
        )
        assert again.case.id == case.id and case.status == "open"
        cases.set_status(session, case, "closed", "ann", utcnow())
        later = intake.receive(
            session,
            read_mail(mail(f"[#{case.number}]", "igen", Message_ID="<r2@x>")),
            PROFILE,
            utcnow(),
            sender=ASA,
        )
        assert later.opened and later.case.id != case.id
        assert f"follow-up to the closed case {case.number}" in later.case.description


def test_internal_notes_never_reach_the_customers_view(uow):
    with uow.transaction() as session:
        case = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        journal.add(session, case, "note", "Kunden är sur, var försiktig", "ann", utcnow())
        cases.reply(session, case, "Vi hjälper dig!", "ann", utcnow())
        public = [e.body for e in journal.entries(session, case.id, public_only=True)]
        everything = [e.body for e in journal.entries(session, case.id, public_only=False)]
        assert "Kunden är sur, var försiktig" in everything
        assert public == ["Hej! Slangen läcker.", "Vi hjälper dig!"]


def test_sms_and_chat_messages_thread_by_the_case_number_in_the_text(uow):
    with uow.transaction() as session:
        case = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        sms = read_message(
            {"channel": "sms", "sender": "+46701234567", "text": f"Gäller {case.number}: [#{case.number}] ok"}
        )
        her_phone = intake.Sender("+46701234567", frozenset({7}))  # the number is customer 7's
        assert intake.receive(session, sms, PROFILE, utcnow(), sender=her_phone).case.id == case.id
        chat = read_message(
            {"channel": "chat", "sender": "asa@example.se", "text": "Ny fråga", "message_id": "c-1"}
        )
        got = intake.receive(session, chat, PROFILE, utcnow(), sender=ASA)
        assert got.opened and got.case.subject == "Ny fråga"
        assert intake.receive(session, chat, PROFILE, utcnow(), sender=ASA).duplicate


def test_a_mail_with_nul_characters_is_read_without_them_not_refused():
    """No mail may carry a NUL (and PostgreSQL's text cannot): a broken mailer's, raw or
    encoded, are dropped and the customer's message is kept."""
    raw = (
        b"From: =?utf-8?q?=C3=85sa=00?= <a@example.se>\nSubject: =?utf-8?q?Tr=00asig?=\n"
        b"Message-ID: <x\x00y@example.se>\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Slangen=00 l=C3=A4cker.\x00\n"
    )
    got = read_mail(raw)
    assert (got.subject, got.text, got.message_id) == ("Trasig", "Slangen läcker.", "<xy@example.se>")
    assert got.sender_name == "Åsa"


# -- who may write on a case -------------------------------------------------------------

BO = intake.Sender("bo@example.se", frozenset({8}))  # customer 8: somebody else
BO_PROFILE = {"customer_id": 8, "language": "sv", "region": "SE"}


def test_a_stranger_quoting_a_case_number_gets_a_case_of_their_own(uow):
    with uow.transaction() as session:
        asas = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        quoting = read_mail(
            mail(
                f"Re: [#{asas.number}] Trasig slang",
                f"Vad står det i ärende {asas.number}? [#{asas.number}]",
                From="Bo <bo@example.se>",
                Message_ID="<bo1@x>",
            )
        )
        got = intake.receive(session, quoting, BO_PROFILE, utcnow(), sender=BO)
        assert got.opened and got.case.id != asas.id and got.case.customer_id == 8
        assert [e.body for e in journal.entries(session, asas.id, False) if e.kind == "message"] == [
            "Hej! Slangen läcker."
        ]
        # the agent is told, internally, which case it named; the sender is not
        (note,) = [e for e in journal.entries(session, got.case.id, False) if e.kind == "note"]
        assert asas.number in note.body and note.visibility == "internal"
        assert [e.kind for e in journal.entries(session, got.case.id, True)] == ["message"]
        # Bo's answer carries both numbers: it finds his own case, not hers
        both = read_mail(
            mail(
                f"Re: [#{asas.number}] [#{got.case.number}]",
                "igen",
                From="bo@example.se",
                Message_ID="<bo2@x>",
            )
        )
        assert intake.receive(session, both, BO_PROFILE, utcnow(), sender=BO).case.id == got.case.id


def test_a_stranger_in_the_mail_thread_does_not_join_it_nor_reopen_a_closed_case(uow):
    with uow.transaction() as session:
        asas = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        reply = cases.reply(session, asas, "Vi skickar en ny.", "ann", utcnow())
        reply.message_id = journal.outgoing_message_id(asas, reply, "crm.example")
        for n, references in enumerate(
            (
                {"In_Reply_To": reply.message_id},
                {"References": "<m1@example.se>"},
                {"References": f"<case-{asas.number}.1@crm.example>"},
            )
        ):
            forwarded = read_mail(mail("Fwd: Trasig slang", "ser du?", Message_ID=f"<f{n}@x>", **references))
            got = intake.receive(session, forwarded, BO_PROFILE, utcnow(), sender=BO)
            assert got.opened and got.case.id != asas.id and got.case.customer_id == 8
        cases.set_status(session, asas, "closed", "ann", utcnow())
        follow = intake.receive(
            session,
            read_mail(mail(f"[#{asas.number}]", "x", Message_ID="<f9@x>")),
            BO_PROFILE,
            utcnow(),
            sender=BO,
        )
        assert follow.opened and "follow-up" not in follow.case.description
        assert [e.kind for e in journal.entries(session, asas.id, True)] == ["message", "message"]


def test_an_unknown_senders_case_waiting_for_review_takes_mail_from_that_address_only(uow):
    with uow.transaction() as session:
        nobody = intake.Sender("ny@example.se")
        waiting = intake.receive(
            session, read_mail(mail(From="Ny <ny@example.se>")), {}, utcnow(), review_id=3, sender=nobody
        ).case
        assert waiting.customer_id is None
        again = read_mail(mail(f"[#{waiting.number}]", "mer", From="NY@example.se", Message_ID="<n2@x>"))
        assert intake.receive(
            session, again, {}, utcnow(), sender=intake.Sender("NY@example.se")
        ).case.id == (waiting.id)
        other = read_mail(mail(f"[#{waiting.number}]", "mer", From="bo@example.se", Message_ID="<n3@x>"))
        assert intake.receive(session, other, BO_PROFILE, utcnow(), sender=BO).opened


def test_a_signed_in_customer_has_no_address_that_could_open_anothers_case(uow):
    with uow.transaction() as session:
        asas = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        portal = intake.Sender(None, frozenset({8}))
        assert not intake.may_continue(asas, portal)
        assert intake.may_continue(asas, intake.Sender(None, frozenset({7})))
        assert intake.thread_of(session, read_mail(mail(f"[#{asas.number}]")), portal) is None


def test_the_sender_speaks_for_themselves_and_the_organisations_they_are_a_contact_of():
    person = {
        "id": 8,
        "employments": [
            {"person_id": 8, "organisation_id": 20, "is_contact": True, "ended_on": None},
            {"person_id": 8, "organisation_id": 21, "is_contact": False, "ended_on": None},
            {"person_id": 8, "organisation_id": 22, "is_contact": True, "ended_on": "2020-01-31"},
            {"person_id": 8, "organisation_id": 23, "is_contact": True, "ended_on": "2026-12-31"},
        ],
    }
    # an organisation's own address speaks for it, not for its people
    organisation = {"id": 30, "employments": [{"person_id": 9, "organisation_id": 30, "is_contact": True}]}
    sender = intake.sender_of("bo@example.se", [person, organisation], date(2026, 6, 1))
    assert sender == intake.Sender("bo@example.se", frozenset({8, 20, 23, 30}))
    assert intake.sender_of("x@example.se", [], date(2026, 6, 1)).customer_ids == frozenset()


def test_a_message_id_already_on_anothers_case_is_no_duplicate_and_shows_nothing_of_it(uow):
    with uow.transaction() as session:
        asas = intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).case
        reply = cases.reply(session, asas, "Vi skickar en ny.", "ann", utcnow())
        reply.message_id = journal.outgoing_message_id(asas, reply, "crm.example")
        for reused in ("<m1@example.se>", reply.message_id):  # her mail's id, our reply's
            copy = read_mail(mail("Trasig slang", "kopia", From="bo@example.se", Message_ID=reused))
            assert intake.already_received(session, copy) is None
            got = intake.receive(session, copy, BO_PROFILE, utcnow(), sender=BO)
            assert got.opened and not got.duplicate and got.case.id != asas.id
            # the provider delivers Bo's mail again: that one is a duplicate, of Bo's case
            again = read_mail(mail("Trasig slang", "kopia", From="bo@example.se", Message_ID=reused))
            assert intake.receive(session, again, BO_PROFILE, utcnow(), sender=BO).case.id == got.case.id
        # her own retry still is the duplicate it always was
        assert intake.receive(session, read_mail(mail()), PROFILE, utcnow(), sender=ASA).duplicate
        assert [e.body for e in journal.entries(session, asas.id, True)] == [
            "Hej! Slangen läcker.",
            "Vi skickar en ny.",
        ]

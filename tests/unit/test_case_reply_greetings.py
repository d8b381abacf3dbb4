"""A reply written with a reply template carries the template's greeting and signature
once: whether the agent sends only the new text (the API's way) or the filled template
as the desk's preview put it in the answer box, perhaps edited there."""

from datetime import datetime, timezone

import pytest

from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.replies import ReplyIn, ReplyTemplateIn
from services.case import cases, replies
from services.case.models import Base

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
TEMPLATE = (
    "Hello {{ customer.name }},\n\n{{ text }}\n\nKind regards\n"
    "{{ agent }}, customer service\nCase {{ case.number }}"
)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


@pytest.fixture
def case_and_template(uow):
    with uow.transaction() as session:
        valid = load(CaseCreate(), {"customer_id": 7, "subject": "Broken hose"})
        case = cases.open_for_customer(session, valid, "ann", {"customer_id": 7, "language": "en"}, NOW)
        template = replies.create(session, load(ReplyTemplateIn(), {"name": "std", "body": TEMPLATE}))
        return case.id, case.number, template.id


def body_of(uow, case_id, data):
    def no_order(_id):
        raise AssertionError("no order was named")

    valid = load(ReplyIn(), data)
    return replies.reply_body(uow, case_id, valid, "ann", lambda _id: {"name": "Åsa"}, no_order)


def preview(uow, case_id, template_id, text):
    return replies.fill(
        uow, case_id, {"template_id": template_id, "text": text}, "ann", lambda _id: {"name": "Åsa"}, None
    )


def once(body, number):
    return (
        body.count("Hello Åsa,") == 1
        and body.count("Kind regards") == 1
        and body.count(f"Case {number}") == 1
    )


def test_only_the_new_text_is_filled_into_the_template(uow, case_and_template):
    case_id, number, template_id = case_and_template
    sent = body_of(uow, case_id, {"body": "We send a new hose.", "template_id": template_id})
    assert sent == f"Hello Åsa,\n\nWe send a new hose.\n\nKind regards\nann, customer service\nCase {number}"


def test_the_filled_template_from_the_preview_is_sent_as_it_is(uow, case_and_template):
    case_id, number, template_id = case_and_template
    filled = preview(uow, case_id, template_id, "We send a new hose.")
    assert once(filled, number)
    assert body_of(uow, case_id, {"body": filled, "template_id": template_id}) == filled


def test_the_preview_edited_in_the_answer_box_keeps_one_greeting_and_one_signature(uow, case_and_template):
    case_id, number, template_id = case_and_template
    filled = preview(uow, case_id, template_id, "")
    edited = filled.replace("Hello Åsa,\n\n", "Hello Åsa,\n\nThe hose is on its way.\n").replace(
        "Kind regards", "Best wishes"
    )
    sent = body_of(uow, case_id, {"body": edited, "template_id": template_id})
    assert sent == edited and sent.count("Hello Åsa,") == 1 and sent.count(f"Case {number}") == 1


def test_a_reply_by_hand_is_sent_as_written(uow, case_and_template):
    case_id, _, _ = case_and_template
    written = "Hi Åsa,\n\nthe hose is on its way.\n\nAnn"
    assert body_of(uow, case_id, {"body": written}) == written

"""A reply from a reply template reaches the customer, through a real SMTP server
(aiosmtpd), with one greeting and one signature: sent the way the desk sends it (the
filled preview in the answer box, with the template named), the API's way (only the new
text) and by hand."""

import email
import email.policy
import mailbox
import time
import uuid

import pytest

from tests.e2e.customer_helpers import unique_name
from tests.mail_server import stack_sending_mail

TEMPLATE = (
    "Hello {{ customer.name }},\n\n{{ text }}\n\nKind regards\n"
    "{{ agent }}, customer service\nCase {{ case.number }}"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    yield from stack_sending_mail(tmp_path_factory.mktemp("smtp") / "maildir")


def mail_about(stack, number: str, count: int, timeout: float = 20.0) -> list[str]:
    """The plain text of the mails whose subject names the case, once `count` are there."""
    deadline = time.time() + timeout
    while True:
        found = []
        if stack.maildir.exists():
            for raw in mailbox.Maildir(stack.maildir, create=False):
                message = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
                if f"[#{number}]" in str(message["Subject"]):
                    found.append(message.get_body(preferencelist=("plain",)).get_content())
        if len(found) >= count or time.time() > deadline:
            return found
        time.sleep(0.2)


def test_a_reply_from_a_template_greets_and_signs_once(stack):
    t = uuid.uuid4().hex[:8]
    r = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Åsa",
            "family_name": unique_name(),
            "emails": [{"address": f"asa.{t}@example.se"}],
        },
    )
    assert r.status_code == 201, r.text
    customer = r.json()
    r = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={"name": f"standard {t}", "language": "en", "body": TEMPLATE},
    )
    assert r.status_code == 201, r.text
    template = r.json()["id"]
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": customer["id"], "subject": f"Broken hose {t}"}
    ).json()
    number = case["number"]

    # the desk: the filled template is put in the answer box, and sent with its id
    preview = stack.request(
        "POST",
        f"/api/cases/{case['id']}/replies/preview",
        json={"template_id": template, "text": "We send a new hose."},
    ).json()["body"]
    r = stack.request(
        "POST", f"/api/cases/{case['id']}/replies", json={"body": preview, "template_id": template}
    )
    assert r.status_code == 201, r.text
    assert r.json()["body"] == preview
    # the API: only the new text, with the template named
    r = stack.request(
        "POST",
        f"/api/cases/{case['id']}/replies",
        json={"body": "It left today.", "template_id": template},
    )
    assert r.status_code == 201, r.text
    # by hand
    r = stack.request(
        "POST", f"/api/cases/{case['id']}/replies", json={"body": "Hi Åsa,\n\nit has arrived?\n\nAnn"}
    )
    assert r.status_code == 201, r.text

    mails = mail_about(stack, number, 3)
    assert len(mails) == 3, mails
    by_template = [m for m in mails if "Kind regards" in m]
    assert len(by_template) == 2, mails
    for text in by_template:
        assert text.count(f"Hello {customer['name']},") == 1, text
        assert text.count("Kind regards") == 1, text
        assert text.count("agent, customer service") == 1, text
    assert any("We send a new hose." in m for m in by_template)
    assert any("It left today." in m for m in by_template)
    [by_hand] = [m for m in mails if "it has arrived?" in m]
    assert by_hand.count("Hi Åsa,") == 1 and "Hello" not in by_hand and "Kind regards" not in by_hand

"""The customer portal in a real browser (C12, G3, G4, K1–K3, K7): log in with a password
or a one-time link from the mail, own cases with the public journal, a comment and a new
inquiry, the FAQ, own address and phone through the address checks, newsletters — and
never another customer's data."""

import mailbox
import re
import time
import uuid

import pytest

from tests.e2e.customer_helpers import unique_name
from tests.mail_server import stack_sending_mail


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The stack with a real SMTP server (aiosmtpd): a login link reaches the customer's
    mail only, never the .eml copies written without one."""
    yield from stack_sending_mail(tmp_path_factory.mktemp("smtp") / "maildir")


def _mails(stack):
    return list(mailbox.Maildir(stack.maildir, create=False)) if stack.maildir.exists() else []


def portal_customer(stack, password=True, **extra):
    """A customer with an e-mail address, and a portal password unless told otherwise."""
    t = uuid.uuid4().hex[:8]
    address = f"kund.{t}@example.se"
    body = {
        "kind": "person",
        "given_name": "Ylva",
        "family_name": unique_name(),
        "emails": [{"address": address}],
    }
    r = stack.request("POST", "/api/customers", json={**body, **extra})
    assert r.status_code == 201, r.text
    customer = r.json()
    secret = f"secret-{t}-pass"
    if password:
        r = stack.request(
            "POST",
            "/api/users",
            role="admin",
            json={"username": address, "password": secret, "role": "customer", "customer_id": customer["id"]},
        )
        assert r.status_code == 201, r.text
    return customer, address, secret


def log_in(page, address, secret):
    page.fill("input[name=email]", address)
    page.fill("input[name=password]", secret)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-view=my-cases]")


def open_case(stack, customer_id, subject):
    r = stack.request("POST", "/api/cases", json={"customer_id": customer_id, "subject": subject})
    assert r.status_code == 201, r.text
    return r.json()


def test_my_cases_with_the_public_journal_a_comment_and_a_new_inquiry(stack, open_page, screenshot):
    customer, address, secret = portal_customer(stack)
    t = uuid.uuid4().hex[:6]
    case = open_case(stack, customer["id"], f"Broken hinge {t}")
    stack.request("POST", f"/api/cases/{case['id']}/notes", json={"body": f"internal remark {t}"})
    stack.request("POST", f"/api/cases/{case['id']}/replies", json={"body": f"We send a new hinge {t}."})
    other, _, _ = portal_customer(stack, password=False)
    secret_case = open_case(stack, other["id"], f"Someone else's matter {t}")

    page = open_page("/portal", width=390, height=844)
    log_in(page, address, secret)
    listed = page.inner_text("[data-table=my-cases]")
    assert f"Broken hinge {t}" in listed and "Someone else" not in listed
    screenshot(page, "portal-my-cases")
    page.click(f"text=Broken hinge {t}")
    page.wait_for_selector(f"[data-view=my-case][data-case='{case['id']}']")
    journal = page.inner_text(".journal")
    assert f"We send a new hinge {t}." in journal
    assert f"internal remark {t}" not in journal  # the internal part stays inside
    page.fill("textarea[name=comment]", f"Thanks, it fits {t}")
    page.click("button[type=submit]")
    page.wait_for_selector(f".journal >> text=Thanks, it fits {t}")
    screenshot(page, "portal-case")
    agent_view = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    assert f"Thanks, it fits {t}" in [e["body"] for e in agent_view]

    # Another customer's case is not there, whatever its number.
    page.goto(stack.url(f"/portal#/case/{secret_case['id']}"))
    page.wait_for_selector("[role=alert]")
    assert "Someone else" not in page.inner_text("main")

    page.click("text=Ask us")
    page.fill("input[name=subject]", f"Opening hours at Christmas {t}")
    page.fill("textarea[name=text]", "Are you open on the 27th?")
    page.click("button[type=submit]")
    page.wait_for_selector(f"[data-view=my-case] >> text=Opening hours at Christmas {t}")
    mine = stack.request("GET", f"/api/customers/{customer['id']}/overview").json()["cases"]
    assert f"Opening hours at Christmas {t}" in [c["subject"] for c in mine]

    # Every page of the portal fits the phone it was used on.
    for path in ("#/cases", f"#/case/{case['id']}", "#/ask", "#/faq", "#/profile", "#/newsletters"):
        page.goto(stack.url(f"/portal{path}"))
        page.wait_for_selector("main section")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow} px wider than the phone"


def test_a_one_time_link_from_the_mail_logs_in_once(stack, open_page, screenshot, eventually):
    customer, address, _ = portal_customer(stack, password=False)
    page = open_page("/portal")
    page.fill("input[name=email]", address)
    page.click("text=No password? E-mail me a link")
    assert "a login link is on its way" in page.wait_for_selector("[data-link-sent]").inner_text()
    screenshot(page, "portal-login")
    mail = eventually(lambda: _mail_to(stack, address))
    assert mail, "no login mail was sent"
    link = re.search(r"http\S+/portal#/link/\S+", mail).group(0)
    # A mail scanner follows the link, plain or in a browser: nothing is spent, nobody is in.
    assert stack.http.get(link, timeout=10).status_code == 200
    scanner = open_page("/portal")
    scanner.goto(link)
    scanner.wait_for_selector("[data-view=portal-link] button:has-text('Log in')")
    time.sleep(1)
    assert scanner.query_selector("[data-view=my-cases]") is None
    assert scanner.evaluate("localStorage.getItem('crm-portal-token')") is None
    # The customer opens it and presses the button.
    page.goto(link)
    page.click("[data-view=portal-link] button:has-text('Log in')")
    page.wait_for_selector("[data-view=my-cases]")
    # The same link a second time is refused.
    again = open_page("/portal")
    again.goto(link)
    again.click("[data-view=portal-link] button:has-text('Log in')")
    assert "used or has expired" in again.wait_for_selector("[role=alert]").inner_text()
    # An unknown address gets the same answer and no mail.
    before = len(_mails(stack))
    r = stack.request("POST", "/api/portal/login-link", role=None, json={"email": "nobody.here@example.se"})
    assert r.status_code == 202 and "on its way" in r.json()["message"]
    time.sleep(0.5)
    assert len(_mails(stack)) == before
    # Staff see that the mail went, never the link: not in the sent log, not in the 360° view.
    log = stack.request("GET", f"/api/messages?recipient={address}", role="supervisor").json()
    overview = stack.request("GET", f"/api/customers/{customer['id']}/overview").json()
    assert log[0]["status"] == "sent" and "[login link removed]" in log[0]["body"]
    token = link.rsplit("/", 1)[1]
    assert token not in str(log) and token not in str(overview) and overview["messages"]
    # Having logged in by link, the customer sets a password and logs in with it.
    page.click("text=My details")
    page.fill("input[name=new-password]", "a-long-new-password")
    page.click("text=Save password")
    page.wait_for_selector("text=Your password is set.")
    r = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": address, "password": "a-long-new-password"}
    )
    assert r.status_code == 200 and r.json()["role"] == "customer"


def _mail_to(stack, address):
    for message in _mails(stack):
        if address in message["To"] and "login link" in message["Subject"]:
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            return part.get_payload(decode=True).decode()
    return None


def test_my_address_and_phone_go_through_the_checks(stack, open_page, screenshot, eventually):
    number = f"070-{uuid.uuid4().int % 10_000_000:07d}"
    customer, address, secret = portal_customer(
        stack,
        phones=[{"number": "08-555 123 45", "label": "home"}],
        addresses=[{"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}],
    )
    taken, _, _ = portal_customer(stack, password=False, phones=[{"number": number, "label": "mobile"}])
    page = open_page("/portal")
    log_in(page, address, secret)
    page.click("text=My details")
    page.wait_for_selector("[data-view=profile]")
    # A postal code the register does not know is refused with the reason.
    page.fill("input[name=postal_code]", "999 99")
    page.click("form >> text=Save")
    assert "not a postal code" in page.wait_for_selector(".field-error").inner_text()
    # Someone else's number is refused.
    page.fill("input[name=postal_code]", "111 57")
    page.fill("input[name=street]", "Sveavägen 20")
    page.fill("input[name=city]", "Stockholm")
    page.fill("input[name=phone]", number)
    page.click("form >> text=Save")
    page.wait_for_selector("[role=alert] >> text=this number belongs to another customer")
    assert page.inner_text(".field-error") == "belongs to another customer"
    assert (
        stack.request("GET", f"/api/customers/{customer['id']}").json()["addresses"][0]["city"] == "Göteborg"
    )
    # A number of their own and a real address are saved; the old address is history.
    own = f"070-{uuid.uuid4().int % 10_000_000:07d}"
    called = {"event": "ringing", "call_id": f"before-{own}", "from": own, "extension": "299"}
    assert stack.request("POST", "/api/telephony/events", role="pbx", json=called).status_code == 200
    page.fill("input[name=phone]", own)
    page.click("form >> text=Save")
    page.wait_for_selector("text=Your details are saved.")
    screenshot(page, "portal-my-details")
    saved = stack.request("GET", f"/api/customers/{customer['id']}").json()
    assert [(a["street"], a["city"]) for a in saved["addresses"]] == [("Sveavägen 20", "Stockholm")]
    assert [a["city"] for a in saved["address_history"]] == ["Göteborg"]
    assert sorted((p["label"], p["e164"]) for p in saved["phones"]) == [
        ("home", "+46855512345"),
        ("mobile", "+4670" + own[4:]),
    ]
    assert stack.request("GET", f"/api/customers/{taken['id']}").json()["phones"][0]["label"] == "mobile"
    # The call made from the new number before it was ours lands in the history (T3).
    history = eventually(
        lambda: stack.request("GET", f"/api/customers/{customer['id']}/overview").json()["calls"]
    )
    assert [c["call_id"] for c in history] == [f"before-{own}"]


def test_newsletters_and_the_faq(stack, open_page, screenshot):
    t = uuid.uuid4().hex[:6]
    topic = f"Roses {t}"
    r = stack.request(
        "PUT",
        f"/api/templates/roses_{t}/en/email",
        role="admin",
        json={"purpose": "marketing", "topic": topic, "subject": "Roses", "text": "{{ text }}"},
    )
    assert r.status_code == 200, r.text
    faq = stack.request(
        "POST",
        "/api/faq",
        json={
            "question": f"How do I prune climbing roses {t}?",
            "answer": "In early spring, above an outward bud.",
        },
    )
    assert faq.status_code == 201, faq.text
    customer, address, secret = portal_customer(stack)
    page = open_page("/portal")
    log_in(page, address, secret)
    page.click("text=Newsletters")
    page.check("input[name=newsletter]")
    page.wait_for_selector(f"input[name='topic-{topic}']:checked")
    page.uncheck(f"input[name='topic-{topic}']")
    page.wait_for_selector(f"input[name='topic-{topic}']:not(:checked)")
    screenshot(page, "portal-newsletters")
    assert stack.request("GET", f"/api/customers/{customer['id']}").json()["newsletter"] is True
    opt_outs = stack.request("GET", f"/api/customers/{customer['id']}/opt-outs").json()
    assert [(o["channel"], o["topic"]) for o in opt_outs] == [("email", topic)]

    page.click("text=Questions and answers")
    page.fill("input[name=q]", f"pruning roses {t}")
    page.click("form button[type=submit]")
    page.wait_for_selector(f"text=How do I prune climbing roses {t}?")
    screenshot(page, "portal-faq")


def test_a_customer_token_opens_nothing_of_the_staffs_or_anyone_elses(stack):
    customer, address, secret = portal_customer(stack)
    other, _, _ = portal_customer(stack, password=False)
    token = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": address, "password": secret}
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    for path in (
        f"/api/customers/{other['id']}",
        f"/api/customers/{other['id']}/overview",
        f"/api/customers/{customer['id']}/overview",
        "/api/customers?q=Ylva",
        "/api/desk/events",
        "/api/review",
    ):
        r = stack.request("GET", path, role=None, headers=dict(headers))
        assert r.status_code == 403, (path, r.status_code)
    me = stack.request("GET", "/api/my/profile", role=None, headers=dict(headers)).json()
    assert me["id"] == customer["id"] and me["emails"] == customer["emails"]
    bad = stack.request("PATCH", "/api/my/profile", role=None, headers=dict(headers), json={})
    assert bad.status_code == 400 and "_body" in bad.json()["fields"]
    bad = stack.request(
        "PUT", "/api/my/newsletters", role=None, headers=dict(headers), json={"topics": {"no such": True}}
    )
    assert bad.status_code == 400 and bad.json()["fields"] == {"topics.no such": "no such newsletter"}


def test_an_organisations_newsletter_reaches_by_mail_its_recipients_who_consented(stack, eventually):
    """C9: a newsletter campaign aimed at organisations goes to their newsletter
    recipients; marketing is opt-in, and signing up in the portal is the consent."""
    t = uuid.uuid4().hex[:8]
    industry = f"Nursery {t}"
    org = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "organisation", "name": f"Plantskola {t} AB", "industry": industry},
    ).json()
    reader, reader_address, secret = portal_customer(stack)
    silent, silent_address, _ = portal_customer(stack, password=False)
    for who in (reader, silent):
        link = {"person_id": who["id"], "job_title": "Buyer", "receives_newsletter": True}
        assert stack.request("POST", f"/api/customers/{org['id']}/employments", json=link).status_code == 201
    token = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": reader_address, "password": secret}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    r = stack.request("PUT", "/api/my/newsletters", role=None, headers=headers, json={"newsletter": True})
    assert r.status_code == 200, r.text
    assert stack.request("GET", f"/api/customers/{reader['id']}").json()["consent_source"] == "portal"
    selection = stack.request(
        "POST", "/api/selections", json={"name": f"nurseries {t}", "criteria": {"industry": [industry]}}
    ).json()
    subject = f"Nursery news {t}"
    r = stack.request(
        "PUT",
        f"/api/templates/nursery_{t}/en/email",
        role="admin",
        json={"purpose": "marketing", "subject": subject, "text": "The roses are in, {{ customer.name }}."},
    )
    assert r.status_code == 200, r.text
    body = {
        "name": f"nursery {t}",
        "template": f"nursery_{t}",
        "selection_id": selection["id"],
        "per_minute": 6000,
    }
    campaign = stack.request("POST", "/api/campaigns", role="supervisor", json=body).json()["id"]
    stack.request("POST", f"/api/campaigns/{campaign}/start", role="supervisor")
    sent = eventually(lambda: [m for m in _mails(stack) if m["Subject"] == subject], timeout=20)
    assert sent and reader_address in sent[0]["To"]
    done = eventually(
        lambda: (
            stack.request("GET", f"/api/campaigns/{campaign}", role="supervisor").json()["status"] == "done"
        )
    )
    assert done and len([m for m in _mails(stack) if m["Subject"] == subject]) == 1
    assert not any(silent_address in m["To"] for m in _mails(stack) if m["Subject"] == subject)

"""A case worked in full at the desk, in a real browser: an internal note set apart from
the answers (and never in the portal), the case handed to a colleague, its priority,
category and order changed, the guidance beside it, the answer published to the FAQ; and
from the 360° view a message sent by hand and every message read as sent."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.case_helpers import agent, tag
from tests.e2e.desk_helpers import log_in, person
from tests.e2e.object_access_routes import bearer


def product_order(stack, customer_id, t):
    sku = f"CW-{t}".upper()
    r = stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": f"Slang {t}", "price": "99.00", "stock_on_hand": 50},
    )
    assert r.status_code in (201, 409), r.text
    r = stack.request(
        "POST", "/api/orders", json={"customer_id": customer_id, "lines": [{"sku": sku, "quantity": 1}]}
    )
    assert r.status_code == 201, r.text
    return r.json()


def portal_headers(stack, customer_id):
    login = {"username": f"cw-{uuid.uuid4().hex[:10]}", "password": f"pass-{uuid.uuid4().hex}"}
    r = stack.request(
        "POST", "/api/users", role="admin", json={**login, "role": "customer", "customer_id": customer_id}
    )
    assert r.status_code == 201, r.text
    return bearer(stack, login)


def test_a_case_with_a_note_handed_over_changed_guided_and_published(stack, open_page, screenshot):
    t = tag()
    ann, bo = f"ann-{t}", f"bo-{t}"
    agent(stack, ann, f"q-{t}")
    agent(stack, bo, f"q-{t}")
    customer = person(stack, tier="major", emails=[{"address": f"maja.{t}@example.se"}])
    order = product_order(stack, customer["id"], t)
    made = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": customer["id"], "subject": f"Slangen läcker {t}", "assignee": ann},
    )
    assert made.status_code == 201, made.text
    case = made.json()

    page = open_page(f"/desk#/case/{case['id']}")
    log_in(page, "supervisor", "supervisor-demo-pass")
    page.wait_for_selector(f"[data-view=case][data-case='{case['id']}']")
    page.fill("textarea[name=note]", f"Kunden har ringt tre gånger {t}")
    page.click("[data-note-form] >> text=Add note")
    note = page.locator(
        ".journal [data-entry=note][data-visibility=internal]", has_text=f"ringt tre gånger {t}"
    )
    expect(note).to_contain_text("Internal note")

    page.select_option("select[name=handover-agent]", bo)
    page.click("text=Hand over")
    expect(page.locator("[data-case-summary]")).to_contain_text(bo)
    expect(page.locator(".journal")).to_contain_text(f"given to {bo} by supervisor")

    page.select_option("[data-case-details] select[name=priority]", "high")
    page.fill("[data-case-details] input[name=category]", "leakage")
    page.select_option("[data-case-details] select[name=order]", str(order["id"]))
    page.click("[data-case-details] >> text=Save")
    expect(page.locator("[data-case-summary]")).to_contain_text(f"order {order['id']}")
    expect(page.locator(".journal")).to_contain_text("priority: normal → high")
    expect(page.locator("[data-guidance]")).to_contain_text("major customer")
    expect(page.locator("[data-guidance]")).to_contain_text("priority high")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "desk-case-note-handover-guidance")

    page.fill("textarea[name=reply]", f"Vi skickar en ny slang {t}.")
    page.click("text=Send answer")
    expect(page.locator(".journal [data-entry=message]")).to_contain_text(f"ny slang {t}")
    page.click("text=Publish the answer to the FAQ")
    expect(page.locator("textarea[name=faq-answer]")).to_have_value(re.compile(f"ny slang {t}"))
    page.click("[data-publish-faq] button[type=submit]")
    expect(page.locator("[data-publish-faq]")).to_contain_text("Published as FAQ answer")
    faq_id = re.search(r"FAQ answer (\d+)", page.inner_text("[data-publish-faq]")).group(1)
    faq = stack.request("GET", f"/api/faq/{faq_id}").json()
    assert (faq["source_case_id"], faq["question"], faq["answer"]) == (
        case["id"],
        f"Slangen läcker {t}",
        f"Vi skickar en ny slang {t}.",
    )

    seen = stack.request(
        "GET", f"/api/my/cases/{case['id']}", role=None, headers=portal_headers(stack, customer["id"])
    )
    assert seen.status_code == 200, seen.text
    assert f"ny slang {t}" in seen.text and "ringt tre gånger" not in seen.text and bo not in seen.text


def test_a_case_is_linked_only_to_its_customers_order_and_handed_over_only_by_who_has_it(stack):
    t = tag()
    owner, colleague = f"cia-{t}", f"dan-{t}"
    agent(stack, owner, f"r-{t}")
    agent(stack, colleague, f"r-{t}")
    customer, stranger = person(stack), person(stack)
    theirs = product_order(stack, stranger["id"], t)
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": customer["id"], "subject": f"Fel {t}", "assignee": owner}
    ).json()
    r = stack.request("POST", f"/api/cases/{case['id']}/changes", json={"order_id": theirs["id"]})
    assert r.status_code == 400 and r.json()["fields"] == {"order_id": "not this customer's"}, r.text
    assert stack.request("GET", f"/api/cases/{case['id']}").json()["order_id"] is None
    r = stack.request("POST", f"/api/cases/{case['id']}/handover", json={"agent": colleague})
    assert r.status_code == 403, r.text  # the desk's agent does not have it
    r = stack.request(
        "POST", f"/api/cases/{case['id']}/handover", role="supervisor", json={"queue": f"r-{t}"}
    )
    assert r.status_code == 200 and r.json()["agent"] == colleague, r.text
    journal = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    assert [j["author"] for j in journal if j["kind"] == "assignment"][-1] == "supervisor"


def test_a_message_sent_by_hand_and_read_as_sent_from_the_360_view(stack, open_page, screenshot, eventually):
    t = tag()
    name = f"hello_{t}"
    for channel in ("sms", "email"):
        r = stack.request(
            "PUT",
            f"/api/templates/{name}/en/{channel}",
            role="admin",
            json={"subject": f"Hello {t}", "text": "Dear {{ customer.name }}, {{ text }} /{{ agent }}"},
        )
        assert r.status_code == 200, r.text
    customer = person(stack, emails=[{"address": f"eva.{t}@example.se"}])
    page = open_page(f"/desk#/customer/{customer['id']}")
    log_in(page)
    page.click("button[role=tab] >> text=Messages sent")
    page.click("text=Send a message")
    page.select_option("select[name=message-template]", name)
    page.select_option("select[name=message-channel]", "email")
    page.fill("textarea[name=message-text]", f"your parcel left today {t}")
    page.click("[data-send-message] button[type=submit]")
    expect(page.locator("[data-send-message]")).to_contain_text(f"Queued by e-mail: Hello {t}")
    row = page.locator("table[data-table=messages] tr", has_text=f"Hello {t}")
    expect(row).to_have_count(1)
    row.click()
    shown = page.locator(".modal [data-message]")
    expect(shown).to_contain_text(f"Dear {customer['name']}, your parcel left today {t} /agent")
    expect(shown).to_contain_text(f"e-mail to eva.{t}@example.se")
    screenshot(page, "desk-customer-message-as-sent")
    assert stack.request("GET", "/api/messages/999999999").status_code == 404

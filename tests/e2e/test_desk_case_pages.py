"""A case on the agent's desk in a real browser: answered with a reply template beside
similar solved cases."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in, person


def test_a_case_answered_with_a_reply_template_beside_similar_cases(stack, open_page, screenshot, eventually):
    t = uuid.uuid4().hex[:6]
    customer = person(stack, emails=[{"address": f"maja.{t}@example.se"}])
    r = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={
            "name": f"Thanks {t}",
            "language": "en",
            "body": "Hello {{ customer.name }}, the parcel is on its way.",
        },
    )
    assert r.status_code == 201, r.text
    made = stack.request(
        "POST", "/api/cases", json={"customer_id": customer["id"], "subject": f"Where is my parcel {t}"}
    )
    assert made.status_code == 201, made.text
    case = made.json()
    page = open_page(f"/desk#/case/{case['id']}")
    log_in(page)
    page.wait_for_selector(f"[data-view=case][data-case='{case['id']}']")
    page.select_option("select[name=template]", label=f"Thanks {t} (en)")
    expect(page.locator("textarea[name=reply]")).to_have_value(re.compile("the parcel is on its way"))
    assert customer["name"] in page.input_value("textarea[name=reply]")
    assert page.query_selector("text=Similar solved cases") is not None
    screenshot(page, "desk-case")
    page.click("text=Send answer")
    page.wait_for_selector("text=Sent to the customer.")
    page.wait_for_selector(".journal >> text=the parcel is on its way")
    assert stack.request("GET", f"/api/cases/{case['id']}").json()["status"] == "pending"
    sent = eventually(
        lambda: [
            m
            for m in stack.request("GET", f"/api/customers/{customer['id']}/overview").json()["messages"]
            if "on its way" in m["body"]
        ]
    )
    assert sent and sent[0]["recipient"] == f"maja.{t}@example.se"

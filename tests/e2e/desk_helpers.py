"""What the desk's page tests share: a customer made over the API, a mobile number, a
login on the desk's page and a PBX call ringing."""

import random

from tests.e2e.customer_helpers import unique_name


def mobile() -> str:
    return f"070-{random.randint(1000000, 9999999)}"


def person(stack, **extra):
    body = {"kind": "person", "given_name": "Maja", "family_name": unique_name(), "country": "SE", **extra}
    r = stack.request("POST", "/api/customers", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def log_in(page, username="agent", password="agent-demo-pass", keep_reminders=False):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-live=on]")  # the live stream is open: pops can come
    page.wait_for_selector("body[data-greeting]", state="attached")
    if page.get_attribute("body", "data-greeting") == "shown" and not keep_reminders:
        page.click(".modal >> text=Close")


def ring(stack, number, call_id, extension="201"):
    r = stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={
            "event": "ringing",
            "call_id": call_id,
            "from": number,
            "to": "08-100 100",
            "extension": extension,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()

"""Times on the agent's desk in the agent's own time zone (their browser's), in a real
browser: a call the PBX timed at noon UTC shows at 08:00 in New York."""

import uuid

from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in, mobile, person


def test_a_call_time_shows_in_the_agents_time_zone(stack, open_page):
    number = mobile()
    customer = person(stack, phones=[{"number": number}])
    call_id = f"tz-{uuid.uuid4().hex[:8]}"
    for event in ("ringing", "hangup"):
        body = {"event": event, "call_id": call_id, "from": number, "extension": "299"}
        if event == "ringing":
            body["at"] = "2026-07-01T12:00:00Z"  # summer: New York is UTC-4
        r = stack.request("POST", "/api/telephony/events", role="pbx", json=body)
        assert r.status_code == 200, r.text
    page = open_page(f"/desk#/customer/{customer['id']}", timezone="America/New_York")
    log_in(page)
    page.click(".tabs >> text=Calls")
    calls = page.locator("[data-table=calls]")
    expect(calls).to_contain_text("2026-07-01 08:00")
    expect(calls).not_to_contain_text("2026-07-01 12:00")

"""A queue's call rung on several desks at once, in real browsers: each desk pops the
caller, and when one answers the others say where."""

import uuid

from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in, mobile, person


def pbx(stack, **event):
    r = stack.request("POST", "/api/telephony/events", role="pbx", json=event)
    assert r.status_code == 200, r.text
    return r.json()


def agent_on(stack, extension):
    """A new agent's login on `extension`: (username, password)."""
    username, password = f"q{uuid.uuid4().hex[:10]}", "first-password-1"
    body = {"username": username, "password": password, "role": "agent", "extension": extension}
    r = stack.request("POST", "/api/users", role="admin", json=body)
    assert r.status_code == 201, r.text
    return username, password


def test_a_queue_call_rings_on_two_desks_and_the_other_says_where_it_was_answered(stack, open_page):
    number = mobile()
    customer = person(stack, phones=[{"number": number}])
    first = open_page("/desk")
    log_in(first)  # the demo agent, on extension 201
    second = open_page("/desk")
    log_in(second, *agent_on(stack, "202"))
    call_id = f"queue-{uuid.uuid4().hex[:8]}"
    ringing = {"event": "ringing", "call_id": call_id, "from": number, "to": "08-100 100", "queue": "support"}
    pbx(stack, **ringing, extension="201")
    pbx(stack, **ringing, extension="202")
    for desk in (first, second):
        desk.wait_for_selector(f"[data-view=customer][data-customer='{customer['id']}']")
        expect(desk.locator(f"[data-ringing='{call_id}']")).to_contain_text("Ringing")
    # the second ringing did not take the call from the first desk
    expect(first.locator(f"[data-ringing='{call_id}']")).not_to_contain_text("Transferred")
    pbx(stack, event="answered", call_id=call_id, extension="202")
    expect(first.locator(f"[data-ringing='{call_id}']")).to_contain_text("Answered at 202")
    expect(second.locator(f"[data-ringing='{call_id}']")).to_contain_text("On the line")

"""What an agent meets during a shift at the desk, in a real browser: a call put through
to another desk, the desk on a phone, and the desk from the keyboard."""

import random
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import new_user
from tests.e2e.test_desk_pages import log_in, mobile, person, ring


def pbx(stack, **event):
    r = stack.request("POST", "/api/telephony/events", role="pbx", json=event)
    assert r.status_code == 200, r.text
    return r.json()


def second_desk(stack, open_page):
    """Another agent's desk, on an extension of its own: (page, extension)."""
    extension = str(random.randint(1000, 9999))
    user = new_user(stack, extension=extension)
    page = open_page("/desk")
    log_in(page, user["username"], "first-password-1")
    return page, extension


@pytest.mark.parametrize("reported_as", ["transferred", "ringing"])
def test_a_call_put_through_to_another_desk_leaves_the_first_and_pops_the_second(
    stack, open_page, screenshot, reported_as
):
    """The PBX reports a transfer as `transferred` with the new extension, or as a second
    `ringing` for the same call on the other extension: either way the first desk's banner
    says where the call went and goes away, and the other desk pops the caller."""
    number = mobile()
    customer = person(stack, phones=[{"number": number}])
    first = open_page("/desk")
    log_in(first)
    other, extension = second_desk(stack, open_page)
    call = ring(stack, number, f"transfer-{uuid.uuid4().hex[:8]}")
    banner = first.locator(f"[data-ringing='{call['call_id']}']")
    expect(banner).to_contain_text("Ringing")
    first.wait_for_selector(f"[data-view=customer][data-customer='{customer['id']}']")
    pbx(stack, event=reported_as, call_id=call["call_id"], extension=extension, **{"from": number})
    expect(banner).to_contain_text(f"Transferred to {extension}")
    screenshot(first, "desk-call-transferred")
    expect(banner).to_have_count(0, timeout=20_000)
    other.wait_for_selector(f"[data-view=customer][data-customer='{customer['id']}']")
    expect(other.locator(f"[data-ringing='{call['call_id']}']")).to_contain_text("Ringing")


def test_a_call_answered_elsewhere_or_hung_up_leaves_the_desk(stack, open_page):
    page = open_page("/desk")
    log_in(page)
    answered = ring(stack, mobile(), f"elsewhere-{uuid.uuid4().hex[:8]}")
    banner = page.locator(f"[data-ringing='{answered['call_id']}']")
    expect(banner).to_contain_text("Ringing")
    pbx(stack, event="answered", call_id=answered["call_id"], extension="299")
    expect(banner).to_contain_text("Answered at 299")
    expect(banner).to_have_count(0, timeout=20_000)
    hung_up = ring(stack, mobile(), f"hangup-{uuid.uuid4().hex[:8]}")
    banner = page.locator(f"[data-ringing='{hung_up['call_id']}']")
    expect(banner).to_contain_text("Ringing")
    pbx(stack, event="hangup", call_id=hung_up["call_id"])
    expect(banner).to_contain_text("Call ended")
    expect(banner).to_have_count(0, timeout=20_000)

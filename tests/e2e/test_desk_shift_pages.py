"""What an agent meets during a shift at the desk, in a real browser: a call put through
to another desk, the desk on a phone, and the desk from the keyboard."""

import itertools
import random
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in, mobile, person, ring
from tests.e2e.test_accounts import new_user


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


def reach_every_item(page, strip, items, shown):
    """Each item of a sideways strip scrolls into view and can be clicked; `shown(item)`
    waits for what the click opens. The strip hints at more while it overflows."""
    overflows = strip.evaluate("el => el.scrollWidth > el.clientWidth")
    if overflows:
        expect(strip).to_have_attribute("data-more", "right")  # at the start: more to the right
        assert strip.evaluate("el => getComputedStyle(el).maskImage") != "none"
    for item in items.all():
        item.evaluate("el => el.scrollIntoView({ block: 'nearest', inline: 'nearest' })")
        box, frame = item.bounding_box(), strip.bounding_box()
        assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        item.click()
        shown(item)
    if overflows:
        expect(strip).to_have_attribute("data-more", "left")  # at the end: more to the left
    return overflows


def test_on_a_phone_the_menu_and_the_tabs_show_that_they_scroll(stack, open_page, screenshot):
    customer = person(stack, phones=[{"number": mobile()}])
    page = open_page(f"/desk#/customer/{customer['id']}", width=390, height=844)
    log_in(page, "admin", "admin-demo-pass")
    tabs = page.locator("[data-view=customer] .tabs")
    expect(tabs).to_have_attribute("data-more", "right")
    menu = page.locator("header.bar nav")
    expect(menu).to_have_attribute("data-more", "right")
    screenshot(page, "desk-phone-scroll-hints")
    overflowed = reach_every_item(
        page,
        tabs,
        tabs.locator("[role=tab]"),
        lambda tab: expect(tab).to_have_class("on"),
    )
    assert overflowed
    page.evaluate("scrollTo(0, 0)")
    assert reach_every_item(page, menu, menu.locator("a"), lambda item: expect(item).to_have_class("on"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the desk is {overflow} px wider than the phone"
    # On a wide screen everything shows: no hint.
    page.set_viewport_size({"width": 1400, "height": 900})
    expect(menu).not_to_have_attribute("data-more", re.compile("."))


STOP = """el => {
  const r = el.getBoundingClientRect();
  const text = el.innerText || el.value || el.name || el.getAttribute("aria-label") || "";
  return { tag: el.tagName, text: text.trim().slice(0, 40), x: r.left, y: r.top + scrollY, h: r.height,
           inModal: !!el.closest(".modal"), inPop: !!el.closest("[data-ringing]") };
}"""


def tab_through(page, presses):
    """Press Tab `presses` times: where the focus went each time."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(f"({STOP})(document.activeElement)"))
    return seen


def assert_reading_order(seen):
    """Each stop is right of the one before on the same line, or below it."""
    for a, b in itertools.pairwise(seen):
        same_line = b["y"] < a["y"] + a["h"] and a["y"] < b["y"] + b["h"]
        assert (b["x"] > a["x"]) if same_line else (b["y"] > a["y"]), f"{b} comes after {a}"


def test_the_desk_from_the_keyboard(stack, open_page, screenshot):
    number = mobile()
    family = f"Keys{uuid.uuid4().hex[:6]}"
    customer = person(stack, family_name=family, phones=[{"number": number}])
    stack.request(
        "POST", f"/api/customers/{customer['id']}/log", json={"text": "Owes us a reply", "importance": "red"}
    )
    page = open_page("/desk#/search")
    log_in(page)
    # The search: Enter searches, Tab goes on to the results in the order they show, and
    # Enter on a result opens it.
    page.fill("input[name=q]", family)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"[data-table=search-results] >> text={customer['name']}")
    page.focus("input[name=q]")
    seen = tab_through(page, 2)
    assert_reading_order([page.locator("input[name=q]").evaluate(STOP), *seen])
    assert seen[0]["text"] == "Search" and customer["name"] in seen[1]["text"], seen
    screenshot(page, "desk-keyboard-search")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"[data-view=customer][data-customer='{customer['id']}']")
    expect(page.locator(".modal.red")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".modal")).to_have_count(0)
    # A note: Enter adds it.
    page.fill("input[name=note]", "Called about the blue vase")
    page.keyboard.press("Enter")
    expect(page.locator("[data-notes]")).to_contain_text("Called about the blue vase")
    # The screen pop: the red log entry takes the focus while it shows, Esc closes it, and
    # the next Esc closes the pop's banner; Tab goes through what shows, top to bottom.
    page.click("nav >> text=Search")
    page.wait_for_selector("[data-view=search]")
    call = ring(stack, number, f"keys-{uuid.uuid4().hex[:8]}")
    banner = page.locator(f"[data-ringing='{call['call_id']}']")
    expect(banner).to_contain_text("Ringing")
    expect(page.locator(".modal.red")).to_be_visible()
    assert all(stop["inModal"] for stop in tab_through(page, 3))
    page.keyboard.press("Escape")
    expect(page.locator(".modal")).to_have_count(0)
    expect(banner).to_be_visible()
    page.evaluate("document.activeElement.blur()")
    seen = tab_through(page, 16)
    assert_reading_order(seen)
    assert any(stop["inPop"] for stop in seen), seen
    page.keyboard.press("Escape")
    expect(banner).to_have_count(0)
    # A new customer: Enter saves the form.
    page.goto(page.url.split("#")[0] + "#/new")
    page.fill("input[name=given_name]", "Ebba")
    page.fill("input[name=family_name]", f"Keys{uuid.uuid4().hex[:6]}")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-view=customer]")

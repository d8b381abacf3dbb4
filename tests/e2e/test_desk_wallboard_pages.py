"""The agent's presence and the supervisors' wallboard in a real browser (K4, T2): an agent
switches to away and the wallboard shows it without a reload; a call ringing on the
agent's extension shows beside them and among the calls now."""

import random
import uuid

from playwright.sync_api import expect

from tests.e2e.case_helpers import tag
from tests.e2e.desk_helpers import log_in, mobile, ring
from tests.e2e.presence_helpers import PASSWORD, agent_with_login


def test_the_wallboard_follows_an_agent_going_away_and_a_call_ringing_live(stack, open_page, screenshot):
    extension = f"7{random.randint(100000, 999999)}"
    name, _ = agent_with_login(stack, f"wall-{tag()}", extension=extension)
    board = open_page("/desk#/wallboard")
    log_in(board, "supervisor", "supervisor-demo-pass")
    expect(board.locator(f"[data-presence-of='{name}']")).to_have_text("available")

    desk = open_page("/desk")
    log_in(desk, name, PASSWORD)
    expect(desk.locator("nav >> text=Wallboard")).to_have_count(0)  # supervisors' only
    switch = desk.locator("select[name=presence]")
    expect(switch).to_have_attribute("data-presence", "available")
    switch.select_option("away")
    expect(switch).to_have_attribute("data-presence", "away")
    screenshot(desk, "desk-presence-switch")
    expect(board.locator(f"[data-presence-of='{name}']")).to_have_text("away")  # no reload

    number = mobile()
    call_id = f"wall-{uuid.uuid4().hex[:8]}"
    ring(stack, number, call_id, extension=extension)
    expect(board.locator(f"[data-call-of='{name}']")).to_have_text("ringing")
    expect(board.locator("[data-table=wallboard-calls]")).to_contain_text(number)
    screenshot(board, "desk-wallboard")
    hangup = {"event": "hangup", "call_id": call_id, "extension": extension}
    assert stack.request("POST", "/api/telephony/events", role="pbx", json=hangup).status_code == 200
    expect(board.locator(f"[data-call-of='{name}']")).to_have_count(0)

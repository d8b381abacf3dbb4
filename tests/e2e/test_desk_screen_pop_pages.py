"""Screen pops on the agent's desk in a real browser (T1–T3, C8): a ringing call pops the
caller's 360° view before it is answered, and an unknown caller is registered on the spot."""

import uuid

from tests.e2e.customer_helpers import unique_name
from tests.e2e.desk_helpers import log_in, mobile, person, ring


def test_a_ringing_call_pops_the_callers_360_view_before_it_is_answered(stack, open_page, screenshot):
    number = mobile()
    customer = person(stack, phones=[{"number": number, "label": "mobile"}])
    cid = customer["id"]
    stack.request("POST", f"/api/customers/{cid}/notes", json={"text": "Asked for the autumn catalogue"})
    stack.request(
        "POST", f"/api/customers/{cid}/log", json={"text": "Disputes the last delivery", "importance": "red"}
    )
    stack.request("POST", f"/api/customers/{cid}/log", json={"text": "Likes tulips", "importance": "green"})
    stack.request(
        "POST", "/api/call-types", role="supervisor", json={"name": f"Complaint {uuid.uuid4().hex[:6]}"}
    )
    page = open_page("/desk")
    log_in(page)
    call = ring(stack, number.replace("070-", "+4670"), f"pop-{uuid.uuid4().hex[:8]}")
    view = page.wait_for_selector(f"[data-view=customer][data-customer='{cid}']")
    assert call["state"] == "ringing"  # nobody has answered: the page popped on ringing
    assert page.inner_text("[data-view=customer] h1") == customer["name"]
    assert "What is the call about?" in page.inner_text("[data-call-type]")  # this call's view
    # The red log entry pops up on open; the alerts show in their colours.
    modal = page.wait_for_selector(".modal.red")
    assert "Disputes the last delivery" in modal.inner_text()
    screenshot(page, "desk-screen-pop")
    page.click(".modal >> text=Close")
    colours = page.eval_on_selector_all("[data-alerts] .alert", "els => els.map(e => e.className)")
    assert colours == ["alert red", "alert green"]
    assert "Asked for the autumn catalogue" in page.inner_text("[data-notes]")
    assert customer["name"] in view.inner_text()
    assert "Ringing" in page.inner_text(f"[data-ringing='{call['call_id']}']")
    answered = {"event": "answered", "call_id": call["call_id"], "extension": "201"}
    assert stack.request("POST", "/api/telephony/events", role="pbx", json=answered).status_code == 200
    page.wait_for_selector(f"[data-ringing='{call['call_id']}'] >> text=On the line")
    # Register what the call was about.
    page.click("[data-call-type] button >> nth=-1")
    page.wait_for_selector("text=Call registered as")
    # Every tab shows its part of the history.
    for tab in ("Deliveries & returns", "Credit", "Calls", "Contact persons", "Newsletter recipients"):
        page.click(f".tabs >> text={tab}")
    page.click(".tabs >> text=Calls")  # the view was read again for its after-sales part:
    page.wait_for_selector("[data-table=calls] >> text=answered")  # the call as it is now
    screenshot(page, "desk-360-view")


def test_an_unknown_caller_is_registered_on_the_spot_with_the_call_in_their_history(
    stack, open_page, eventually
):
    page = open_page("/desk")
    log_in(page)
    number = mobile()
    call = ring(stack, number, f"unknown-{uuid.uuid4().hex[:8]}")
    page.wait_for_selector("[data-unknown-caller]")
    assert page.input_value("input[name=phone]") == number
    family = unique_name()
    page.fill("input[name=given_name]", "Vera")
    page.fill("input[name=family_name]", family)
    page.click("text=Save customer")
    view = page.wait_for_selector("[data-view=customer]")
    customer_id = int(view.get_attribute("data-customer"))
    assert page.query_selector("[data-call-type]") is not None  # what was the call about?
    calls = eventually(
        lambda: stack.request("GET", f"/api/customers/{customer_id}/overview").json()["calls"], timeout=10
    )
    assert [c["call_id"] for c in calls] == [call["call_id"]]
    assert calls[0]["customer_name"] == f"Vera {family}"

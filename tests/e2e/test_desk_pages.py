"""The agent's desk in a real browser (G1, G4, G5, T1–T3, C8): log in, the at-login
reminders, a screen pop from a posted PBX event, the 360° view, a new customer with the
duplicate warning, an order, a case answered with a template, the review queue, the
active calls, the calendar and the statistics, on a wide screen and on a phone."""

import csv
import io
import random
import re
import uuid
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from tests.e2e.test_customers import unique_name


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


def test_the_at_login_reminders_come_first(stack, open_page, screenshot):
    customer = person(stack)
    r = stack.request(
        "POST",
        f"/api/customers/{customer['id']}/log",
        json={
            "text": "Promised a call back about the invoice",
            "importance": "yellow",
            "remind_at_login": True,
        },
    )
    assert r.status_code == 201, r.text
    page = open_page("/desk")
    log_in(page, keep_reminders=True)
    popup = page.wait_for_selector("[data-at-login]")
    assert "Promised a call back about the invoice" in popup.inner_text()
    assert customer["name"] in popup.inner_text()
    screenshot(page, "desk-at-login")
    page.click(".modal >> text=Close")
    page.wait_for_selector("[data-at-login]", state="detached")


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
    assert page.get_attribute("body", "data-painted") == str(call["id"])
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
    page.click(".tabs >> text=Calls")
    assert "ringing" in page.inner_text("[data-table=calls]")
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


def test_a_new_customer_who_looks_like_one_we_have_gets_the_duplicate_list(stack, open_page, screenshot):
    family = unique_name()
    number = mobile()
    existing = person(
        stack,
        given_name="Katarina",
        family_name=family,
        phones=[{"number": number}],
        addresses=[{"street": "Storgatan 7", "postal_code": "411 38", "city": "Göteborg"}],
    )
    page = open_page("/desk#/new")
    log_in(page)
    page.fill("input[name=given_name]", "Katarina")
    page.fill("input[name=family_name]", family)
    page.fill("input[name=phone]", number.replace("-", " "))
    page.fill("input[name=street]", "Storg. 7")
    page.fill("input[name=postal_code]", "41138")
    page.fill("input[name=city]", "Göteborg")
    page.click("text=Save customer")
    hits = page.wait_for_selector("[data-duplicates] [role=alert]")
    assert "looks like a customer we already have" in hits.inner_text()
    table = page.inner_text("[data-table=duplicates]")
    assert existing["name"] in table and "duplicate" in table
    screenshot(page, "desk-duplicate-warning")
    # The agent opens the existing customer instead of making a second one.
    page.click(f"[data-table=duplicates] >> text={existing['name']}")
    page.wait_for_selector(f"[data-view=customer][data-customer='{existing['id']}']")
    found = stack.request("GET", f"/api/customers?q={family}").json()
    assert [c["id"] for c in found] == [existing["id"]]


def test_an_order_with_stock_answers_and_an_alternative(stack, open_page, screenshot):
    t = uuid.uuid4().hex[:6].upper()
    admin = lambda body: stack.request("POST", "/api/products", role="admin", json=body)  # noqa: E731
    assert (
        admin({"sku": f"ALT-{t}", "name": f"Rake {t}", "price": "150.00", "stock_on_hand": 9}).status_code
        == 201
    )
    r = admin(
        {
            "sku": f"FEW-{t}",
            "name": f"Shovel {t}",
            "price": "250.00",
            "stock_on_hand": 1,
            "alternatives": [f"ALT-{t}"],
        }
    )
    assert r.status_code == 201, r.text
    assert (
        admin({"sku": f"BAG-{t}", "name": f"Leaf bag {t}", "price": "40.00", "stock_on_hand": 50}).status_code
        == 201
    )
    earlier = person(stack)  # bought the rake with leaf bags before
    lines = [{"sku": f"ALT-{t}", "quantity": 1}, {"sku": f"BAG-{t}", "quantity": 2}]
    assert (
        stack.request("POST", "/api/orders", json={"customer_id": earlier["id"], "lines": lines}).status_code
        == 201
    )
    customer = person(stack)
    page = open_page(f"/desk#/order/{customer['id']}")
    log_in(page)
    page.wait_for_selector(f"select[name=sku] option[value=FEW-{t}]", state="attached")
    page.select_option("select[name=sku]", f"FEW-{t}")
    page.fill("input[name=quantity]", "3")
    page.click("text=Add")
    preview = page.wait_for_selector("[data-preview]")
    assert "not in stock" in preview.inner_text() or "from" in preview.inner_text()
    assert f"Rake {t}" in page.inner_text("[data-alternatives]")
    screenshot(page, "desk-order-entry")
    page.click(f"[data-alternatives] >> text=Rake {t}")  # take the one in stock instead
    page.wait_for_selector("[data-preview] >> text=ships now")
    page.click(f"[data-suggestions] >> text=Leaf bag {t}")  # what others bought with the rake
    page.wait_for_selector(f"[data-table=order-lines] >> text=Leaf bag {t}")
    page.click("text=Place order")
    placed = page.wait_for_selector("[data-placed]").inner_text()
    assert "placed" in placed
    orders = stack.request("GET", f"/api/customers/{customer['id']}/orders").json()
    assert sorted((line["sku"], line["quantity"]) for line in orders[0]["lines"]) == [
        (f"ALT-{t}", 3),
        (f"BAG-{t}", 1),
    ]


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


def test_the_review_queue_the_active_calls_and_the_calendar(stack, open_page, screenshot):
    family = unique_name()
    existing = person(
        stack, given_name="Petra", family_name=family, emails=[{"address": f"{family}@example.se"}]
    )
    held = stack.request(
        "POST",
        "/api/registrations",
        json={
            "customer": {
                "kind": "person",
                "given_name": "Petra",
                "family_name": family,
                "country": "SE",
                "emails": [{"address": f"{family}@example.se"}],
            },
            "source": "self_registration",
        },
    )
    assert held.status_code in (200, 201, 202), held.text
    page = open_page("/desk#/review")
    log_in(page)
    card = page.wait_for_selector(f"[data-view=review] >> text=Merge into {existing['name']}")
    screenshot(page, "desk-review-queue")
    card.click()
    page.wait_for_selector(f"text=Merge into {existing['name']}", state="detached")
    # Active calls: a call rung elsewhere in the company appears without reloading.
    page.click("text=Active calls")
    page.wait_for_selector("[data-view=calls]")
    other = ring(stack, mobile(), f"board-{uuid.uuid4().hex[:8]}", extension="299")
    page.wait_for_selector(f"[data-table=active-calls] >> text={other['remote_raw']}")
    screenshot(page, "desk-active-calls")
    stack.request(
        "POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": other["call_id"]}
    )
    page.wait_for_selector(f"text={other['remote_raw']}", state="detached")
    # The calendar: add a task and tick it off.
    page.click("text=Calendar")
    page.fill("input[name=title]", f"Send the brochure {family}")
    page.click("form button[type=submit]")
    page.wait_for_selector(f"[data-table=tasks] >> text=Send the brochure {family}")
    page.click(f"[data-table=tasks] tr:has-text('Send the brochure {family}') >> text=Done")
    page.wait_for_selector(f"[data-table=tasks] >> text=Send the brochure {family}", state="detached")
    # A booking of a resource shows on its day in the week.
    page.select_option("select[name=kind]", "booking")
    page.fill("input[name=title]", f"Customer visit {family}")
    page.fill("input[name=resource]", f"van {family}")
    soon = datetime.now() + timedelta(hours=1)  # in the browser's time zone: the same machine's
    page.fill("input[name=starts_at]", soon.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (soon + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form button[type=submit]")
    if soon.isocalendar()[:2] != datetime.now().isocalendar()[:2]:
        page.click("text=Later ›")
    day = page.wait_for_selector(f"[data-week] .day:has-text('Customer visit {family}')")
    assert f"van {family}" in day.inner_text() and str(soon.day) in day.inner_text()
    screenshot(page, "desk-calendar")


def test_statistics_on_screen_as_a_chart_and_as_csv(stack, open_page, screenshot):
    name = f"Info {uuid.uuid4().hex[:6]}"
    stack.request("POST", "/api/call-types", role="supervisor", json={"name": name})
    for _ in range(2):
        r = stack.request("POST", "/api/call-registrations", json={"call_type": name})
        assert r.status_code == 201, r.text
    page = open_page("/desk#/statistics")
    log_in(page, "supervisor", "supervisor-demo-pass")
    page.select_option("select[name=report]", "calls-by-type")
    month = datetime.now(timezone.utc).strftime("%Y-%m")
    page.fill("input[name=from]", month)
    page.fill("input[name=to]", month)
    page.click("form >> text=Show")
    page.wait_for_selector(f"[data-table=report] >> text={name}")
    assert page.query_selector("svg.chart rect") is not None
    screenshot(page, "desk-statistics")
    before = {e["id"] for e in exports(stack, "calls-by-type")}
    with page.expect_download() as download:
        page.click("text=Download CSV")
    assert download.value.suggested_filename == f"calls-by-type-{month}-{month}.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    [mine] = [r for r in rows if r["call_type"] == name]
    assert mine["calls"] == "2"
    # the server's file, so the download is on the audit trail as an export
    [entry] = [e for e in exports(stack, "calls-by-type") if e["id"] not in before]
    assert (entry["actor"], entry["target"]) == ("supervisor", "GET /api/reports/calls")
    assert entry["details"] == {"what": "calls-by-type", "rows": len(rows), "format": "text/csv"}


def exports(stack, what):
    r = stack.request("GET", "/api/audit", role="admin", params={"action": "exported", "limit": 200})
    assert r.status_code == 200, r.text
    return [e for e in r.json()["items"] if e["details"].get("what") == what]


def test_the_desk_fits_a_phone_screen(stack, open_page, screenshot):
    customer = person(
        stack, phones=[{"number": mobile()}], emails=[{"address": f"{uuid.uuid4().hex[:6]}@example.se"}]
    )
    page = open_page("/desk", width=390, height=844)
    log_in(page)
    for path in (f"#/customer/{customer['id']}", "#/search", "#/new", "#/calls", "#/agenda"):
        page.goto(page.url.split("#")[0] + path)
        page.wait_for_selector("main section")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow} px wider than the phone"
        if "customer" in path:
            screenshot(page, "desk-phone-360-view")


def test_a_doubtful_address_is_flagged_before_and_after_saving(stack, open_page):
    page = open_page("/desk#/new")
    log_in(page)
    page.fill("input[name=given_name]", "Tove")
    page.fill("input[name=family_name]", unique_name())
    page.fill("input[name=street]", "Storgatan 9")
    page.fill("input[name=postal_code]", "411 38")
    page.fill("input[name=city]", "Stockholm")
    page.click("input[name=country]")  # leave the town field
    warning = page.wait_for_selector("[data-address-warning]").inner_text()
    assert "Göteborg" in warning.title()  # the town the postal register places there
    page.click("text=Save customer")
    page.wait_for_selector("text=Saved, with the warnings above.")
    page.click("text=Open the customer")
    page.wait_for_selector("[data-view=customer]")


def test_a_supervisor_cleans_the_register_group_by_group(stack, open_page, screenshot):
    number, family = mobile(), unique_name()
    mail = f"{uuid.uuid4().hex[:10]}@example.se"
    original = person(
        stack,
        given_name="Ingeborg",
        family_name=family,
        phones=[{"number": number}],
        emails=[{"address": mail}],
    )
    copies = []
    for extra in ({"phones": [{"number": number}]}, {"emails": [{"address": mail.upper()}]}):
        r = stack.request(
            "POST",
            "/api/customers?confirm_new=true",
            json={"kind": "person", "given_name": "Ingeborg", "family_name": family, **extra},
        )
        assert r.status_code == 201, r.text
        copies.append(r.json()["id"])
    page = open_page("/desk#/duplicates")
    log_in(page, "supervisor", "supervisor-demo-pass")
    page.click("text=Look for duplicates in the whole register")
    page.wait_for_selector("[data-scan-status=done]", timeout=60_000)
    card = page.wait_for_selector(f"[data-group='{original['id']}']")
    assert card.inner_text().count(family) == 3
    ties = card.query_selector("[data-ties]").inner_text()
    assert "phone" in ties and "e-mail" in ties and f"one through #{original['id']}" in ties
    screenshot(page, "desk-duplicates")
    card.query_selector(f"a[href='#/customer/{original['id']}'] ~ button").click()
    page.wait_for_selector(f"[data-group='{original['id']}'] [data-merged-into='{original['id']}']")
    for copy in copies:
        assert stack.request("GET", f"/api/customers/{copy}").json()["id"] == original["id"]

"""The agent's desk in a real browser (G1, G4, G5, C8): log in and the at-login reminders, the
review queue, the active calls, the calendar and the statistics, on a wide screen and on a
phone. The screen pops, the register, orders and cases have test_desk_*_pages.py."""

import csv
import io
import uuid
from datetime import datetime, timedelta, timezone

from tests.e2e.customer_helpers import unique_name
from tests.e2e.desk_helpers import log_in, mobile, person, ring


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

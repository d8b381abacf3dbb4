"""The register on the agent's desk in a real browser: a new customer who looks like
one we have gets the duplicate list, a doubtful address is flagged, and a supervisor
cleans the register group by group. The look-alike check waits for a name while the form
is filled in, a saved customer who only may be one we have is said so, and the duplicates
page says what the run found, page after page."""

import random
import re
import string
import uuid

from playwright.sync_api import expect

from tests.e2e.customer_helpers import unique_name
from tests.e2e.desk_helpers import log_in, mobile, person
from tests.e2e.test_import import finished


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


def test_the_look_alike_check_waits_for_a_name_and_shows_no_errors_while_typing(stack, open_page):
    page = open_page("/desk#/new")
    log_in(page)
    answers = []
    page.on("response", lambda r: "/api/customers/match" in r.url and answers.append(r.status))
    page.fill("input[name=given_name]", "Vera")
    page.press("input[name=given_name]", "Tab")  # left with no family name yet
    page.fill("input[name=family_name]", unique_name())
    page.fill("input[name=phone]", "07")  # leaving the family name: now there is a name
    expect(page.locator("[data-duplicates]")).to_contain_text("No look-alikes")
    page.fill("input[name=email]", "vera@")  # a phone number half typed
    with page.expect_response(lambda r: "/api/customers/match" in r.url) as answer:
        page.press("input[name=email]", "Tab")  # an e-mail half typed
    answer.value.finished()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert answers and set(answers) == {200}, answers  # nothing incomplete was sent to be refused
    expect(page.locator("[data-view=new-customer] [role=alert]")).to_have_count(0)
    expect(page.locator("[data-view=new-customer] .field-error")).to_have_count(0)
    # Asked for with half a name, the check says what it needs.
    page.fill("input[name=family_name]", "")
    page.click("text=Look for duplicates")
    expect(page.locator("[data-need-name]")).to_contain_text("given and family name")
    expect(page.locator("[data-view=new-customer] [role=alert]")).to_have_count(0)
    assert set(answers) == {200}, answers


def test_a_saved_customer_who_only_may_be_one_we_have_is_said_so(stack, open_page, screenshot):
    family = unique_name()
    existing = person(stack, given_name="Ragnhild", family_name=family)
    page = open_page("/desk#/new")
    log_in(page)
    page.fill("input[name=given_name]", "Ragnhild")
    page.fill("input[name=family_name]", family)
    page.click("text=Save customer")
    notice = page.locator("[data-saved-look-alike]")
    expect(notice).to_contain_text(f"it looks like {existing['name']} (#{existing['id']})")
    expect(notice).to_contain_text("nothing was merged")
    made = int(notice.get_attribute("data-saved-look-alike"))
    assert made != existing["id"]
    found = stack.request("GET", f"/api/customers?q={family}").json()
    assert sorted(c["id"] for c in found) == sorted([existing["id"], made])
    screenshot(page, "desk-saved-look-alike")
    expect(notice.locator(f"a[href='#/customer/{existing['id']}']")).to_have_text(
        f"{existing['name']} (#{existing['id']})"
    )
    notice.locator("text=Open the new customer").click()
    expect(page.locator(f"[data-view=customer][data-customer='{made}']")).to_be_visible()


def newest_scan(stack):
    r = stack.request("GET", "/api/duplicates?limit=1", role="supervisor")
    return r.json()["scan"] if r.status_code == 200 else None


def run_scan(stack, page, eventually):
    """Start a run over the register on the open duplicates page; the run (DuplicateScanOut)
    once it is done and the page shows it so."""
    before = newest_scan(stack)
    page.click("text=Look for duplicates in the whole register")

    def done():
        scan = newest_scan(stack)
        return scan and scan["id"] != (before or {}).get("id") and scan["status"] == "done" and scan

    scan = eventually(done, timeout=180)
    assert scan, "the run did not finish"
    expect(page.locator("[data-scan-status=done]")).to_be_visible()
    return scan


def test_the_duplicates_page_shows_possible_pairs_and_no_nothing_beside_them(
    stack, open_page, eventually, screenshot
):
    family = unique_name()
    first = person(stack, given_name="Sigvard", family_name=family)  # one name: possibly one
    second = person(stack, given_name="Sigvard", family_name=family)
    page = open_page("/desk#/duplicates")
    log_in(page, "supervisor", "supervisor-demo-pass")
    scan = run_scan(stack, page, eventually)
    assert scan["pairs"] >= 1
    pair = page.locator(f"[data-possible='{first['id']}-{second['id']}']")
    expect(pair).to_contain_text(first["name"])
    expect(pair).to_contain_text("given name, family name agree")
    expect(page.locator("[data-found-possible]")).to_contain_text(
        re.compile(r"possible pairs? alike enough to look")
    )
    expect(page.locator("[data-found-groups]")).to_be_visible()
    assert "No duplicates found" not in page.inner_text("[data-view=duplicates]")
    screenshot(page, "desk-duplicates-possible-pairs")
    pair.locator(f"a[href='#/customer/{first['id']}'] ~ button").click()
    expect(pair.locator(f"[data-merged-into='{first['id']}']")).to_be_visible()
    assert stack.request("GET", f"/api/customers/{second['id']}").json()["id"] == first["id"]


def letters(n):
    return "".join(random.choices(string.ascii_lowercase, k=n)).capitalize()


def test_the_duplicates_page_pages_past_two_hundred_groups(stack, open_page, eventually):
    rows = []
    for _ in range(205):  # two records of each customer: more groups than a page holds
        given, family, phone = letters(7), letters(9), mobile()
        rows += [f"{given};{family};{phone}", f"{given};{family};{phone.replace('-', '')}"]
    body = {
        "csv": "given;family;phone\n" + "\n".join(rows) + "\n",
        "mapping": {"given_name": "given", "family_name": "family", "phone": "phone"},
        "mode": "link",
    }
    r = stack.request("POST", "/api/customers/import", role="supervisor", json=body)
    assert r.status_code == 202, r.text
    job = finished(stack, lambda done: eventually(done, timeout=180), r.json()["id"])
    assert job and job["failed"] == 0, job
    page = open_page("/desk#/duplicates")
    log_in(page, "supervisor", "supervisor-demo-pass")
    scan = run_scan(stack, page, eventually)
    assert scan["groups"] >= 205
    cards = page.locator("[data-group]")
    expect(cards).to_have_count(200)
    expect(page.locator("[data-more-groups]")).to_contain_text(f"Showing 200 of {scan['groups']} groups")
    page.click("[data-more-groups] >> text=More groups")
    expect(cards).to_have_count(min(scan["groups"], 400))
    if scan["groups"] <= 400:
        expect(page.locator("[data-more-groups]")).to_have_count(0)

"""Selections, campaigns and my own lists in the desk (C10, M4, G5): an agent builds a
selection from the form, counts it, saves it, pages through its customers and downloads
all of them; a supervisor starts a campaign on a saved selection and follows its figures;
an agent sees their watch list and personal list and takes them away as CSV."""

import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from tests.e2e.desk_helpers import log_in


def customer(stack, title, **extra):
    body = {"kind": "person", "given_name": "Urval", "country": "SE", "job_title": title, **extra}
    r = stack.request("POST", "/api/customers", json={"family_name": f"K{uuid.uuid4().hex[:8]}", **body})
    assert r.status_code == 201, r.text
    return r.json()


def downloaded(page, button):
    with page.expect_download() as download:
        page.click(button)
    with open(download.value.path(), encoding="utf-8-sig") as f:
        return download.value.suggested_filename, list(csv.DictReader(io.StringIO(f.read())))


def test_an_agent_builds_saves_pages_and_downloads_a_selection(stack, open_page, screenshot):
    word = f"sel{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(4) as pool:  # more than a page of them, made side by side
        made = list(pool.map(lambda _: customer(stack, f"Inköpare {word}", tier="key"), range(26)))
    made.append(customer(stack, f"Inköpare {word}", tier="key", given_name='=HYPERLINK("http://x")'))
    customer(stack, f"Inköpare {word}", tier="small")  # not key: not found
    page = open_page("/desk#/selections")
    log_in(page)
    page.fill("input[name=job_title]", word)
    page.select_option("select[name=tier]", "key")
    page.click("[data-count]")
    page.wait_for_selector("[data-preview-size='27']")
    screenshot(page, "desk-selection-builder")
    page.select_option("select[name=match]", "any")  # the title or the tier: the small one too
    page.click("[data-count]")
    page.wait_for_selector("[data-preview-size]:not([data-preview-size='27'])")
    assert int(page.get_attribute("[data-preview-size]", "data-preview-size")) >= 28
    page.select_option("select[name=match]", "all")

    page.fill("input[name=selection_name]", f"Buyers {word}")
    page.click("[data-save]")
    page.wait_for_selector(f"[data-members='Buyers {word}'] >> text=27 customers")
    row = "[data-table=members] tbody tr:nth-child({})"
    page.wait_for_selector(row.format(25))  # a page of them
    assert page.locator(row.format(26)).count() == 0
    page.click("[data-more]")
    page.wait_for_selector(row.format(27))
    assert page.locator("[data-more]").count() == 0

    # all of them, not the first page, with the formula-like name as text
    name, rows = downloaded(page, "text=Download all as CSV")
    assert name.startswith("selection-") and name.endswith(".csv")
    assert sorted(int(r["id"]) for r in rows) == sorted(c["id"] for c in made)
    [formula] = [r for r in rows if r["id"] == str(made[-1]["id"])]
    assert formula["name"].startswith("'=HYPERLINK")
    selection_id = name.removeprefix("selection-").removesuffix(".csv")
    r = stack.request("GET", "/api/audit", role="admin", params={"action": "exported", "limit": 20})
    assert f"GET /api/selections/{selection_id}/export" in [e["target"] for e in r.json()["items"]]
    assert stack.request("GET", "/api/selections/999999999/export").status_code == 404

    # one more who fits: running the saved selection again counts them
    customer(stack, f"Inköpare {word}", tier="key")
    page.click(f"[data-run='Buyers {word}']")
    page.wait_for_selector(f"[data-table=selections] tr:has-text('Buyers {word}') >> td:text-is('28')")

    # campaigns are a supervisor's: the agent's tab says so, and the API refuses them
    page.click("[data-tab=campaigns]")
    page.wait_for_selector("[data-campaigns-closed]")
    assert stack.request("GET", "/api/campaigns").status_code == 403


def test_a_supervisor_starts_a_campaign_on_a_saved_selection_and_follows_it(
    stack, open_page, screenshot, eventually
):
    t = uuid.uuid4().hex[:6]
    word, template = f"camp{t}", f"offer_{t}"
    r = stack.request(
        "PUT",
        f"/api/templates/{template}/en/email",
        role="admin",
        json={"purpose": "marketing", "subject": "An offer for {{ customer.name }}", "text": "20 % off"},
    )
    assert r.status_code == 200, r.text
    # the recipients have said yes to newsletters (marketing consent)
    people = [
        customer(
            stack,
            f"Chef {word}",
            newsletter=True,
            language="en",
            emails=[{"address": f"c{n}.{t}@example.se"}],
        )
        for n in range(2)
    ]
    for p in people:  # and to marketing (the consent a campaign's recipients need)
        r = stack.request("PUT", f"/api/customers/{p['id']}/consent", json={"given": True})
        assert r.status_code == 200, r.text
    r = stack.request(
        "POST", "/api/selections", json={"name": f"Chefs {word}", "criteria": {"job_title": word}}
    )
    assert r.status_code == 201 and r.json()["last_size"] == 2, r.text
    sku = f"CAMP-{t.upper()}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": sku, "price": "5.00", "stock_on_hand": 9},
    )

    page = open_page("/desk#/selections")
    log_in(page, "supervisor", "supervisor-demo-pass")
    page.click("[data-tab=campaigns]")
    page.fill("input[name=campaign_name]", f"Spring {word}")
    page.select_option("select[name=selection_id]", label=f"Chefs {word} (2)")
    page.select_option("select[name=template]", template)
    page.fill("input[name=per_minute]", "6000")
    page.click("text=Start campaign")
    page.wait_for_selector(f"[data-campaign='Spring {word}'][data-status=running]")
    campaign = next(
        c
        for c in stack.request("GET", "/api/campaigns", role="supervisor").json()
        if c["name"] == f"Spring {word}"
    )

    def delivered():
        got = stack.request("GET", f"/api/campaigns/{campaign['id']}", role="supervisor").json()
        return got["status"] == "done" and got["results"]["delivered"] == 2

    assert eventually(delivered, timeout=20), stack.request(
        "GET", f"/api/campaigns/{campaign['id']}", role="supervisor"
    ).json()
    # one of them orders: the campaign's response
    r = stack.request(
        "POST", "/api/orders", json={"customer_id": people[0]["id"], "lines": [{"sku": sku, "quantity": 1}]}
    )
    assert r.status_code == 201, r.text
    assert eventually(
        lambda: (
            stack.request("GET", f"/api/campaigns/{campaign['id']}", role="supervisor").json()["results"][
                "ordered"
            ]
            == 1
        )
    )
    page.click(f"[data-campaign='Spring {word}'] >> text=Refresh")
    figures = f"[data-campaign='Spring {word}'][data-status=done]"
    page.wait_for_selector(f"{figures} [data-figure=ordered] >> strong:text-is('1')")
    assert page.inner_text(f"{figures} [data-figure=delivered] strong") == "2"
    assert page.inner_text(f"{figures} [data-figure=targeted] strong") == "2"
    assert "50 replies and orders per 100 delivered" in page.inner_text(f"{figures} [data-response]")
    page.wait_for_selector(f"[data-table=campaigns] tr:has-text('Spring {word}') >> text=done")
    screenshot(page, "desk-campaign-figures")


def test_an_agent_sees_and_downloads_their_watch_list_and_personal_list(stack, open_page):
    t = uuid.uuid4().hex[:6]
    year = datetime.now(timezone.utc).year
    r = stack.request(
        "POST",
        "/api/agenda",
        json={"kind": "watch", "title": f"Contract ends {t}", "starts_at": f"{year}-12-31T09:00:00+00:00"},
    )
    assert r.status_code == 201, r.text
    stack.request(
        "POST",
        "/api/agenda",
        role="supervisor",
        json={"kind": "watch", "title": f"Not mine {t}", "starts_at": f"{year}-12-31T09:00:00+00:00"},
    )
    r = stack.request(
        "POST",
        "/api/personal",
        json={"kind": "mileage", "on_date": f"{year}-06-01", "amount": "42", "description": f"=Visit {t}"},
    )
    assert r.status_code == 201, r.text

    page = open_page("/desk#/lists")
    log_in(page)
    page.wait_for_selector(f"[data-table=watches] >> text=Contract ends {t}")
    page.wait_for_selector(f'[data-table=personal] >> text="=Visit {t}"')
    assert page.locator(f"text=Not mine {t}").count() == 0
    name, rows = downloaded(page, "[data-list=watches] >> text=Download CSV")
    assert name == "watches.csv" and f"Contract ends {t}" in [r["title"] for r in rows]
    assert f"Not mine {t}" not in [r["title"] for r in rows]
    name, rows = downloaded(page, "[data-list=personal] >> text=Download CSV")
    assert name == f"personal-{year}.csv"
    [mine] = [r for r in rows if t in r["description"]]
    assert (mine["description"], mine["amount"], mine["kind"]) == (f"'=Visit {t}", "42.00", "mileage")

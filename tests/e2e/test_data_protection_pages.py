"""Data-protection requests on the desk: supervisors and admins export a person's data
from the customer view; an admin erases them after a confirmation dialog."""

import json

from tests.e2e.desk_helpers import log_in, person


def test_an_admin_exports_and_then_erases_a_person_from_the_customer_view(stack, open_page):
    customer = person(stack, emails=[{"address": "erase.me@example.se"}])
    cid = customer["id"]

    page = open_page(f"/desk#/customer/{cid}")
    log_in(page)
    page.wait_for_selector(f"[data-customer='{cid}']")
    assert page.query_selector("[data-export-personal-data]") is None  # not for agents

    page = open_page(f"/desk#/customer/{cid}")
    log_in(page, "admin", "admin-demo-pass")
    page.wait_for_selector(f"[data-customer='{cid}'] >> text={customer['name']}")
    with page.expect_download() as download:
        page.click("[data-export-personal-data]")
    assert download.value.suggested_filename == f"customer-{cid}-personal-data.json"
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["services"]["customer"]["customer"]["emails"][0]["address"] == "erase.me@example.se"

    page.click("[data-erase-personal-data]")
    page.fill("[data-erase-form] input[name=reason]", "Asked by phone, ticket 42")
    submit = page.locator("[data-erase-form] button[type=submit]")
    assert submit.is_disabled()  # not before the customer number is typed
    page.fill("[data-erase-form] input[name=confirm]", str(cid))
    submit.click()
    page.wait_for_selector("[data-erased]")
    page.wait_for_selector(f"[data-customer='{cid}'] h1 >> text=Erased")
    assert "erase.me@example.se" not in page.inner_text(f"[data-customer='{cid}']")
    assert page.query_selector("[data-erase-personal-data]") is None

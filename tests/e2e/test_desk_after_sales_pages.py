"""Where is my parcel, on the agent's desk in a real browser (issue 21): the 360° view's
"Deliveries & returns" tab shows each parcel with a link to its carrier's tracking page,
what came back and why with its credit note and refund, and the invoices; "Devices &
memberships" shows the warranty and the service jobs. The view brought it all: opening
the tabs asks the server nothing."""

import re
import uuid

import pytest

from tests.e2e.after_sales_helpers import customer_with_parcels
from tests.e2e.desk_helpers import log_in

# what the old tab asked for, and what a tab asking for its own data would
AFTER_SALES = re.compile(r"/(overview|invoices|refunds|deliveries|returns|devices|memberships)\b")


def tab(page, label):
    """Open a tab of the 360° view from the keyboard: parts of the page above it that are
    still loading may move it under a mouse pointer."""
    page.locator(".tabs button", has_text=label).press("Enter")


@pytest.fixture(scope="module")
def parcels(stack):
    """One customer with parcels for both pages, with an e-mail address to log in with."""
    return customer_with_parcels(stack, emails=[{"address": f"parcels.{uuid.uuid4().hex[:8]}@example.se"}])


def test_the_agent_sees_where_the_parcel_is_without_a_request_more(stack, open_page, screenshot, parcels):
    t, cid = parcels["tag"], parcels["customer"]["id"]
    page = open_page("/desk")
    log_in(page)
    page.goto(page.url.split("#")[0] + f"#/customer/{cid}")
    page.wait_for_selector(f"[data-view=customer][data-customer='{cid}']")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)

    tab(page, "Deliveries & returns")
    link = page.wait_for_selector("[data-table=deliveries] a[data-tracking]")
    assert link.inner_text().startswith(f"PN{t}SE")
    assert link.get_attribute("href") == f"https://tracking.postnord.com/se/?id=PN{t}SE"
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener noreferrer")
    deliveries = page.inner_text("[data-table=deliveries]")
    assert "Kalles Åkeri" in deliveries and f"KA-{t}" in deliveries  # no link for a carrier we do not know
    assert len(page.query_selector_all("[data-table=deliveries] a")) == 1
    returns = page.inner_text("[data-table=returns]")
    assert f"broken blade {t}" in returns and f"no. {parcels['returned']['credit_note_id']}" in returns
    assert "pending" in page.inner_text("[data-table=refunds]")
    assert "credit note" in page.inner_text("[data-table=invoices]")
    page.eval_on_selector(".tabs", "e => e.scrollIntoView()")
    screenshot(page, "desk-deliveries-and-returns")

    tab(page, "Devices & memberships")
    device = page.wait_for_selector(f"[data-table=devices] >> text={parcels['serial']}")
    assert device is not None
    devices = page.inner_text("[data-table=devices]")
    assert "2028-06-01" in devices and "valid" in devices and f"blade bent {t}" in devices
    assert parcels["plan"] in page.inner_text("[data-table=memberships]")
    page.eval_on_selector(".tabs", "e => e.scrollIntoView()")
    screenshot(page, "desk-devices-and-memberships")
    # the tabs came with the view: none of it was asked for again
    assert [u for u in asked if AFTER_SALES.search(u)] == []


def test_the_customer_tracks_their_parcel_in_the_portal(stack, open_page, screenshot, parcels):
    t, cid = parcels["tag"], parcels["customer"]["id"]
    address = parcels["customer"]["emails"][0]["address"]
    secret = f"secret-{t}-pass"
    body = {"username": address, "password": secret, "role": "customer", "customer_id": cid}
    assert stack.request("POST", "/api/users", role="admin", json=body).status_code == 201
    page = open_page("/portal", width=390, height=844)
    page.fill("input[name=email]", address)
    page.fill("input[name=password]", secret)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-view=my-cases]")
    page.click("nav >> text=My parcels")
    link = page.wait_for_selector("[data-table=my-parcels] a[data-tracking]")
    assert link.get_attribute("href") == f"https://tracking.postnord.com/se/?id=PN{t}SE"
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener noreferrer")
    assert f"KA-{t}" in page.inner_text("[data-table=my-parcels]")
    assert parcels["sku"] in page.inner_text("[data-table=my-returns]")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # fits the phone
    screenshot(page, "portal-my-parcels")

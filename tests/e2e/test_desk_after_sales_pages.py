"""Where is my parcel, on the agent's desk in a real browser (issue 21): the 360° view's
"Deliveries & returns" tab shows each parcel with a link to its carrier's tracking page,
what came back and why with its credit note and refund, and the invoices; "Devices &
memberships" shows the warranty and the service jobs. The view brought it all: opening
the tabs asks the server nothing."""

from tests.e2e.after_sales_helpers import customer_with_parcels
from tests.e2e.desk_helpers import log_in


def test_the_agent_sees_where_the_parcel_is_without_a_request_more(stack, open_page, screenshot):
    parcels = customer_with_parcels(stack)
    t, cid = parcels["tag"], parcels["customer"]["id"]
    page = open_page("/desk")
    log_in(page)
    page.goto(page.url.split("#")[0] + f"#/customer/{cid}")
    page.wait_for_selector(f"[data-view=customer][data-customer='{cid}']")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)

    page.click(".tabs >> text=Deliveries & returns")
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

    page.click(".tabs >> text=Devices & memberships")
    device = page.wait_for_selector(f"[data-table=devices] >> text={parcels['serial']}")
    assert device is not None
    devices = page.inner_text("[data-table=devices]")
    assert "2028-06-01" in devices and "valid" in devices and f"blade bent {t}" in devices
    assert parcels["plan"] in page.inner_text("[data-table=memberships]")
    page.eval_on_selector(".tabs", "e => e.scrollIntoView()")
    screenshot(page, "desk-devices-and-memberships")
    # the tabs came with the view: nothing about this customer or their orders was asked for
    assert [u for u in asked if f"/customers/{cid}" in u or "/orders/" in u or "/invoices" in u] == []

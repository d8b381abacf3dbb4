"""Where is my parcel (issue 21): the 360° view's after-sales parts in its one answer,
the deliveries and returns of a customer or an order a page at a time, and a portal
customer reading their own parcels, and only theirs."""

import pytest

from tests.e2e.after_sales_helpers import customer_with_parcels
from tests.e2e.object_access_routes import bearer


@pytest.fixture(scope="module")
def parcels(stack):
    return customer_with_parcels(stack)


def portal_headers(stack, customer_id, tag):
    login = {"username": f"parcel-{tag.lower()}-{customer_id}", "password": f"pass-{tag}-long-enough"}
    body = {**login, "role": "customer", "customer_id": customer_id}
    assert stack.request("POST", "/api/users", role="admin", json=body).status_code == 201
    return bearer(stack, login)


def test_the_overview_tells_where_the_parcels_are_and_what_came_back(stack, parcels):
    t, cid = parcels["tag"], parcels["customer"]["id"]
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    local, posted = view["deliveries"]["items"]  # newest first
    assert (posted["carrier"], posted["tracking_url"]) == (
        "PostNord",
        f"https://tracking.postnord.com/se/?id=PN{t}SE",
    )
    assert (local["carrier"], local["tracking_url"], view["deliveries"]["more"]) == (
        "Kalles Åkeri",
        None,
        False,
    )
    (back,) = view["returns"]["items"]
    assert back["lines"][0]["reason"] == f"broken blade {t}" and back["credit_note_id"]
    assert back["refund"]["status"] == "pending" and back["refund"]["amount"] == "100.00"
    assert [r["status"] for r in view["refunds"]["items"]] == ["pending"]
    kinds = [i["kind"] for i in view["invoices"]["items"]]
    assert (
        kinds == ["credit_note", "invoice", "invoice"]
        and view["invoices"]["items"][0]["id"] == back["credit_note_id"]
    )
    (device,) = view["devices"]["items"]
    assert (device["serial"], device["under_warranty"], device["warranty_until"]) == (
        parcels["serial"],
        True,
        "2028-06-01",
    )
    assert [j["description"] for j in device["service_jobs"]] == [f"blade bent {t}"]
    (member,) = view["memberships"]["items"]
    assert (member["plan"]["name"], member["status"]) == (parcels["plan"], "active") and member["renews_on"]
    for part in ("deliveries", "returns", "refunds", "invoices", "devices", "memberships"):
        assert view["sections"][part] == "ok"


def test_deliveries_and_returns_page_by_customer_and_by_order(stack, parcels):
    cid = parcels["customer"]["id"]
    first, second = parcels["orders"]
    page = stack.request("GET", f"/api/customers/{cid}/deliveries?limit=1").json()
    assert [d["order_id"] for d in page["items"]] == [second["id"]] and page["next_cursor"]
    rest = stack.request(
        "GET", f"/api/customers/{cid}/deliveries?limit=1&cursor={page['next_cursor']}"
    ).json()
    assert [d["order_id"] for d in rest["items"]] == [first["id"]] and rest["next_cursor"] is None
    by_order = stack.request("GET", f"/api/orders/{first['id']}/deliveries").json()["items"]
    assert [d["tracking_number"] for d in by_order] == [parcels["deliveries"][0]["tracking_number"]]
    assert [r["order_id"] for r in stack.request("GET", f"/api/customers/{cid}/returns").json()["items"]] == [
        first["id"]
    ]
    assert stack.request("GET", f"/api/orders/{second['id']}/returns").json() == {
        "items": [],
        "next_cursor": None,
    }
    assert stack.request("GET", "/api/orders/999999999/returns").status_code == 404
    bad = stack.request("GET", f"/api/customers/{cid}/deliveries?cursor=not-ours")
    assert bad.status_code == 400 and "cursor" in bad.json()["fields"]


def test_a_portal_customer_reads_their_own_parcels_and_nobody_elses(stack, parcels):
    cid, t = parcels["customer"]["id"], parcels["tag"]
    mine = portal_headers(stack, cid, t)
    first = parcels["orders"][0]
    r = stack.request("GET", f"/api/customers/{cid}/deliveries", role=None, headers=mine)
    assert r.status_code == 200 and f"https://tracking.postnord.com/se/?id=PN{t}SE" in [
        d["tracking_url"] for d in r.json()["items"]
    ]
    r = stack.request("GET", f"/api/orders/{first['id']}/returns", role=None, headers=mine)
    assert r.status_code == 200 and r.json()["items"][0]["lines"][0]["reason"] == f"broken blade {t}"
    other = customer_with_parcels(stack)
    theirs = portal_headers(stack, other["customer"]["id"], other["tag"])
    for path in (
        f"/api/customers/{cid}/deliveries",
        f"/api/customers/{cid}/returns",
        f"/api/orders/{first['id']}/deliveries",
        f"/api/orders/{first['id']}/returns",
    ):
        r = stack.request("GET", path, role=None, headers=theirs)
        assert r.status_code == 404 and f"PN{t}SE" not in r.text, (path, r.text)
    # the rest of the after-sales picture stays the staff's
    assert stack.request("GET", f"/api/customers/{cid}/overview", role=None, headers=mine).status_code == 403

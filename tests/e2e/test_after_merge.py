"""After a merge (C7): the merged-away customer id answers for the survivor on every list
and write under /api/customers/<id>/, and the merged-away customer's portal login (a
session already open, and a new login) shows the survivor's portal."""

import time
import uuid

import pytest

from tests.e2e.customer_helpers import new_person


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# every list under /api/customers/<id>/ (the 360° view shows cases, calls and messages)
LISTS = (
    "orders",
    "invoices",
    "refunds",
    "credit",
    "offers",
    "quotes",
    "memberships",
    "devices",
    "notes",
    "log",
    "merges",
    "opt-outs",
)


def eventually(fn, timeout=15.0):
    """fn()'s first truthy result within `timeout` (the conftest's, for a module fixture)."""
    deadline = time.time() + timeout
    while not (result := fn()) and time.time() < deadline:
        time.sleep(0.05)
    return result


@pytest.fixture(scope="module")
def merged(stack):
    """Two customers, the second with an order shipped (an invoice), a case, a call, a
    message, a note and a portal login with a session open; then folded into the first."""
    t = uuid.uuid4().hex[:8]
    keep = new_person(stack, given_name="Greta")
    address, secret = f"old.{t}@example.se", f"secret-{t}-pass"
    number = f"+46701{int(t, 16) % 1000000:06d}"
    old = new_person(stack, given_name="Gret", emails=[{"address": address}], phones=[{"number": number}])
    sku = f"AFT-{t}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": "x", "price": "5.00", "stock_on_hand": 9},
    )
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": old["id"], "lines": [{"sku": sku, "quantity": 1}]}
    ).json()
    shipped = stack.request("POST", f"/api/orders/{order['id']}/deliveries", json={"carrier": "PostNord"})
    assert shipped.status_code == 201, shipped.text
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": old["id"], "subject": f"Parcel {t}"}
    ).json()
    call_id = uuid.uuid4().hex
    stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={"event": "ringing", "call_id": call_id, "from": number},
    )
    stack.request("POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": call_id})
    paper = {"kind": "contract", "title": f"Service contract {t}", "customer_id": old["id"]}
    assert stack.request("POST", "/api/documents", json=paper).status_code == 201
    note = stack.request("POST", f"/api/customers/{old['id']}/notes", json={"text": f"Prefers mornings {t}"})
    assert note.status_code == 201, note.text
    login = {"username": address, "password": secret, "role": "customer", "customer_id": old["id"]}
    assert stack.request("POST", "/api/users", role="admin", json=login).status_code == 201
    token = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": address, "password": secret}
    )
    assert eventually(lambda: stack.request("GET", f"/api/customers/{old['id']}/overview").json()["messages"])
    before = {name: stack.request("GET", f"/api/customers/{old['id']}/{name}").json() for name in LISTS}
    r = stack.request(
        "POST", f"/api/customers/{keep['id']}/merge", role="supervisor", json={"merged_id": old["id"]}
    )
    assert r.status_code == 200, r.text

    def moved():
        view = stack.request("GET", f"/api/customers/{keep['id']}/overview").json()
        return all(view[k] for k in ("orders", "cases", "calls", "messages"))

    assert eventually(moved)
    return {
        "keep": keep,
        "old": old,
        "order": order,
        "case": case,
        "call_id": call_id,
        "before": before,
        "portal": (address, secret, token.json()["access_token"]),
    }


def test_every_list_with_the_old_id_answers_for_the_survivor(stack, merged):
    keep, old = merged["keep"]["id"], merged["old"]["id"]
    for name in LISTS:
        by_old = stack.request("GET", f"/api/customers/{old}/{name}")
        by_keep = stack.request("GET", f"/api/customers/{keep}/{name}")
        assert by_old.status_code == 200, (name, by_old.text)
        assert by_old.json() == by_keep.json(), name
    assert [o["id"] for o in stack.request("GET", f"/api/customers/{old}/orders").json()] == [
        merged["order"]["id"]
    ]
    invoices = stack.request("GET", f"/api/customers/{old}/invoices").json()
    assert [i["customer_id"] for i in invoices] == [keep] and merged["before"]["invoices"]
    notes = stack.request("GET", f"/api/customers/{old}/notes").json()
    assert [n["text"] for n in notes] == [n["text"] for n in merged["before"]["notes"]]
    # a customer id in the query follows too (the papers moved to the survivor)
    papers = stack.request("GET", "/api/documents", params={"customer_id": old}).json()
    assert [(p["title"][:16], p["customer_id"]) for p in papers] == [("Service contract", keep)]
    view = stack.request("GET", f"/api/customers/{old}/overview").json()
    assert view["customer"]["id"] == keep
    assert [c["number"] for c in view["cases"]] == [merged["case"]["number"]]
    assert [c["call_id"] for c in view["calls"]] == [merged["call_id"]]
    assert view["messages"] and all(m["customer_id"] == keep for m in view["messages"])


def test_a_write_to_the_old_id_acts_on_the_survivor(stack, merged):
    keep, old = merged["keep"]["id"], merged["old"]["id"]
    r = stack.request("POST", f"/api/customers/{old}/notes", json={"text": "Called back about the parcel"})
    assert r.status_code == 201 and r.json()["customer_id"] == keep, r.text
    texts = [n["text"] for n in stack.request("GET", f"/api/customers/{keep}/notes").json()]
    assert "Called back about the parcel" in texts
    r = stack.request("PATCH", f"/api/customers/{old}", json={"language": "sv"})
    assert r.status_code == 200 and r.json()["id"] == keep, r.text


def test_the_old_portal_login_shows_the_survivors_portal(stack, merged):
    keep = merged["keep"]["id"]
    address, secret, open_before = merged["portal"]
    # the session opened before the merge goes on, as the survivor
    me = stack.request("GET", "/api/my/profile", role=None, headers=bearer(open_before))
    assert me.status_code == 200 and me.json()["id"] == keep, me.text
    # and a new login with the old password opens the survivor's portal
    r = stack.request("POST", "/api/auth/token", role=None, json={"username": address, "password": secret})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    cases = stack.request("GET", "/api/my/cases", role=None, headers=bearer(token)).json()
    assert [c["number"] for c in cases] == [merged["case"]["number"]]
    assert stack.request("GET", "/api/my/profile", role=None, headers=bearer(token)).json()["id"] == keep


def test_the_old_portal_login_opens_the_survivors_portal_in_the_browser(stack, merged, open_page):
    address, secret, _ = merged["portal"]
    page = open_page("/portal")
    page.fill("input[name=email]", address)
    page.fill("input[name=password]", secret)
    page.click("button[type=submit]")
    page.wait_for_selector(f"[data-view=my-cases] >> text={merged['case']['subject']}")
    page.click("text=My details")
    page.wait_for_selector("[data-view=profile]")
    assert merged["keep"]["name"] in page.inner_text("[data-view=profile] h1")

"""Money controls through the gateway: credit limit, discount and offers to everyone are a
supervisor's decision, offers have a ceiling, every change is on the audit trail; the web
shop's key orders only for customers of its own web orders."""

import uuid

from tests.e2e.customer_helpers import unique_name
from tests.e2e.test_orders import new_customer, product

OFFER = {"description": "Spring", "kind": "percent", "valid_from": "2026-01-01", "valid_until": "2030-12-31"}


def audited(stack, customer_id, field):
    """[(actor, old, new)] of `field`'s changes on the trail for this customer."""
    page = stack.request("GET", f"/api/audit?customer_id={customer_id}", role="admin").json()
    return [
        (entry["actor"], change["old"], change["new"])
        for entry in page["items"]
        for change in entry["details"].get("changes", [])
        if change["field"] == field
    ]


def test_credit_limit_and_discount_are_a_supervisors_decision(stack, eventually):
    cid = new_customer(stack)
    r = stack.request("PATCH", f"/api/customers/{cid}", json={"credit_limit": "900000"})
    assert r.status_code == 403, r.text
    assert "supervisor" in r.json()["message"] and "credit_limit" in r.json()["fields"]
    r = stack.request("PATCH", f"/api/customers/{cid}", json={"job_title": "Buyer", "discount_percent": "30"})
    assert r.status_code == 403 and "discount_percent" in r.json()["fields"]
    r = stack.request(
        "POST", "/api/customers", json={"kind": "person", "name": "Ann Berg", "credit_limit": "1"}
    )
    assert r.status_code == 403
    assert stack.request("GET", f"/api/customers/{cid}/credit").json()["credit_limit"] == "20000.00"

    r = stack.request("PATCH", f"/api/customers/{cid}", role="supervisor", json={"credit_limit": "30000"})
    assert r.status_code == 200, r.text
    r = stack.request("PATCH", f"/api/customers/{cid}", role="admin", json={"discount_percent": "5"})
    assert r.status_code == 200, r.text
    assert stack.request("GET", f"/api/customers/{cid}/credit").json()["credit_limit"] == "30000.00"
    # the agent's ordinary change, with the terms sent back as they are, goes through
    r = stack.request(
        "PATCH", f"/api/customers/{cid}", json={"job_title": "Buyer", "credit_limit": "30000.00"}
    )
    assert r.status_code == 200 and r.json()["job_title"] == "Buyer"
    assert eventually(lambda: audited(stack, cid, "credit_limit")) == [("supervisor", None, "30000.00")]
    assert eventually(lambda: audited(stack, cid, "discount_percent")) == [("admin", None, "5.00")]


def test_an_offer_to_everyone_is_a_supervisors_and_no_offer_passes_the_ceiling(stack, eventually):
    cid = new_customer(stack)
    r = stack.request("POST", "/api/offers", json={**OFFER, "value": "10"})
    assert r.status_code == 403 and "customer_id" in r.json()["fields"], r.text
    r = stack.request("POST", "/api/offers", json={**OFFER, "customer_id": cid, "value": "10"})
    assert r.status_code == 201, r.text  # one customer's offer is the agent's to make
    r = stack.request(
        "POST", "/api/offers", role="supervisor", json={**OFFER, "customer_id": cid, "value": "60"}
    )
    assert r.status_code == 400 and r.json()["fields"] == {"value": "at most 50 %"}, r.text
    r = stack.request(
        "POST", "/api/offers", role="supervisor", json={**OFFER, "kind": "amount", "value": "5000"}
    )
    assert r.status_code == 400 and r.json()["fields"] == {"value": "at most 1000.00"}, r.text
    # For a product of this test's own: an offer to everyone on the whole order would lower
    # the prices every later test on this stack expects.
    r = stack.request(
        "POST",
        "/api/offers",
        role="supervisor",
        json={**OFFER, "value": "20", "sku": product(stack, price="100.00")},
    )
    assert r.status_code == 201, r.text
    offer_id = r.json()["id"]

    def act():
        page = stack.request("GET", "/api/audit?action=offer_made&limit=500", role="admin").json()
        return [e for e in page["items"] if e["target"] == f"offer {offer_id}"]

    (entry,) = eventually(act)
    assert (entry["actor"], entry["actor_role"], entry["customer_id"]) == ("supervisor", "supervisor", None)
    assert {"field": "value", "old": None, "new": "20.00"} in entry["details"]["changes"]


def test_the_web_shop_orders_only_for_customers_of_its_own_web_orders(stack):
    sku = product(stack, price="40.00", stock_on_hand=20)
    line = [{"sku": sku, "quantity": 1}]
    someone_elses = new_customer(stack, role="supervisor", credit_limit="100000")
    r = stack.request(
        "POST",
        "/api/web-orders",
        role="shop",
        json={"reference": f"W-{uuid.uuid4().hex[:6]}", "customer_id": someone_elses, "lines": line},
    )
    assert r.status_code == 403 and "customer_id" in r.json()["fields"], r.text
    assert stack.request("GET", f"/api/customers/{someone_elses}/orders").json() == []
    assert (
        stack.request(
            "POST",
            "/api/web-orders",
            role="shop",
            json={"reference": f"W-{uuid.uuid4().hex[:6]}", "customer_id": 999999, "lines": line},
        ).status_code
        == 403
    )  # an id nobody has answers the same: the shop learns nothing

    # a buyer the shop registered through its own order may be named again
    buyer = {"kind": "person", "given_name": "Webb", "family_name": unique_name()}
    r = stack.request(
        "POST", "/api/web-orders", role="shop", json={"reference": "W-1", "customer": buyer, "lines": line}
    )
    assert r.status_code == 201, r.text
    mine = r.json()["customer_id"]
    r = stack.request(
        "POST", "/api/web-orders", role="shop", json={"reference": "W-2", "customer_id": mine, "lines": line}
    )
    assert r.status_code == 201 and r.json()["customer_id"] == mine, r.text
    # staff entering a web order for the shop may name any customer
    r = stack.request(
        "POST", "/api/web-orders", json={"reference": "W-3", "customer_id": someone_elses, "lines": line}
    )
    assert r.status_code == 201, r.text

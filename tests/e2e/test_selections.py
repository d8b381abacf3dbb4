"""Smart selections over HTTP (C10): the read model follows orders and messages as their
events arrive; a saved selection says its size and lists its customers; bad criteria
are a 400 naming the path."""

import uuid

from tests.e2e.test_customers import unique_name


def test_a_selection_follows_orders_and_messages(stack, eventually):
    t = uuid.uuid4().hex[:6].upper()
    spade, rake = f"SPADE-{t}", f"RAKE-{t}"
    for sku in (spade, rake):
        stack.request(
            "POST",
            "/api/products",
            role="admin",
            json={"sku": sku, "name": sku, "price": "10.00", "stock_on_hand": 50, "product_group": f"g{t}"},
        )
    people = []
    for n in range(3):
        body = {
            "kind": "person",
            "given_name": "Sel",
            "family_name": unique_name(),
            "emails": [{"address": f"s{n}.{t}@example.se"}],
        }
        people.append(stack.request("POST", "/api/customers", json=body).json()["id"])
    for cid, skus in zip(people, ([spade], [spade, rake], [rake]), strict=True):
        r = stack.request(
            "POST",
            "/api/orders",
            json={"customer_id": cid, "lines": [{"sku": s, "quantity": 1} for s in skus]},
        )
        assert r.status_code == 201, r.text
    criteria = {"all": [{"bought": {"sku": spade}}, {"not": {"bought": {"sku": rake}}}]}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": criteria}).json()
            == {"size": 1}
        )
    )

    r = stack.request("POST", "/api/selections", json={"name": f"spade not rake {t}", "criteria": criteria})
    assert r.status_code == 201 and r.json()["last_size"] == 1
    members = stack.request("GET", f"/api/selections/{r.json()['id']}/customers").json()
    assert [m["id"] for m in members] == [people[0]]
    group = {"bought": {"product_group": f"g{t}"}}
    assert stack.request("POST", "/api/selections/preview", json={"criteria": group}).json() == {"size": 3}
    # the order confirmations that went out count as mailings received
    mailed = {"all": [group, {"received_mailing": {"template": "order_confirmation"}}]}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": mailed}).json() == {"size": 3}
        )
    )

    bad = stack.request(
        "POST", "/api/selections/preview", json={"criteria": {"all": [{"bought": {"colour": "red"}}]}}
    )
    assert bad.status_code == 400 and bad.json()["fields"] == {
        "criteria.all.0.bought": "exactly one of sku or product_group"
    }

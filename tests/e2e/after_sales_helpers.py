"""A customer with something after the sale, made over the API: two shipped orders (one
by PostNord, one by a carrier we have no link for), a return with its reason, a device
under warranty with a service job, and a membership. For test_after_sales.py and
test_desk_after_sales_pages.py."""

import uuid

from tests.e2e.customer_helpers import new_person


def ok(r, status=(200, 201)):
    assert r.status_code in status, r.text
    return r.json()


def shipped(stack, cid, sku, carrier, tracking_number):
    order = ok(
        stack.request(
            "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku, "quantity": 2}]}
        )
    )
    body = {"carrier": carrier, "tracking_number": tracking_number}
    return order, ok(stack.request("POST", f"/api/orders/{order['id']}/deliveries", json=body))["delivery"]


def customer_with_parcels(stack, **person):
    t = uuid.uuid4().hex[:8].upper()
    customer = new_person(stack, **person)
    cid = customer["id"]
    sku = f"AS-{t}"
    ok(
        stack.request(
            "POST",
            "/api/products",
            role="admin",
            json={"sku": sku, "name": f"Mower {t}", "price": "100.00", "stock_on_hand": 50},
        )
    )
    first, posted = shipped(stack, cid, sku, "PostNord", f"PN{t}SE")
    second, local = shipped(stack, cid, sku, "Kalles Åkeri", f"KA-{t}")
    pay = {"amount": "200.00", "method": "giro"}
    ok(stack.request("POST", f"/api/invoices/{posted['invoice_id']}/payments", json=pay))
    returned = ok(
        stack.request(
            "POST",
            f"/api/orders/{first['id']}/returns",
            json={"lines": [{"sku": sku, "quantity": 1, "reason": f"broken blade {t}"}]},
        )
    )
    serial = f"SN-{t}"
    ok(
        stack.request(
            "POST",
            "/api/devices",
            json={"serial": serial, "sku": sku, "customer_id": cid, "sold_on": "2026-06-01"},
        )
    )
    ok(
        stack.request(
            "POST",
            f"/api/devices/{serial}/service-jobs",
            json={"description": f"blade bent {t}", "labour_cost": "400.00"},
        )
    )
    code = f"CLUB{t[:6]}"
    plan = {"code": code, "name": f"Garden club {t}", "kind": "club", "price": "240.00", "period_months": 12}
    ok(stack.request("POST", "/api/plans", role="admin", json=plan))
    ok(stack.request("POST", f"/api/customers/{cid}/memberships", json={"plan": code}))
    return {
        "customer": customer,
        "tag": t,
        "sku": sku,
        "orders": [first, second],
        "deliveries": [posted, local],
        "returned": returned,
        "serial": serial,
        "plan": plan["name"],
    }

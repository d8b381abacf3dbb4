"""The order book over HTTP (O1–O6): an agent previews and books an order with the
customer's offer, the prepayment and credit rules hold it, it ships and is invoiced, a
return is credited and refunded, and the 360° view shows the money."""

import io
import uuid

from pypdf import PdfReader

from tests.e2e.customer_helpers import unique_name


def new_customer(stack, role="agent", **extra):
    body = {"kind": "person", "given_name": "Kim", "family_name": unique_name(), **extra}
    r = stack.request("POST", "/api/customers", role=role, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def product(stack, **body):
    sku = f"P-{uuid.uuid4().hex[:6]}"
    r = stack.request("POST", "/api/products", role="admin", json={"sku": sku, "name": sku, **body})
    assert r.status_code == 201, r.text
    return sku


def test_offer_preview_order_delivery_invoice_return_refund(stack, eventually):
    spade = product(stack, price="349.00", stock_on_hand=10)
    book = product(stack, price="199.00", vat_rate="6.00", stock_on_hand=10)
    cid = new_customer(stack)
    r = stack.request(
        "POST",
        "/api/offers",
        json={
            "customer_id": cid,
            "description": "10 % off the spade",
            "kind": "percent",
            "value": "10",
            "sku": spade,
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "max_uses": 1,
        },
    )
    assert r.status_code == 201, r.text
    basket = {"customer_id": cid, "lines": [{"sku": spade, "quantity": 2}, {"sku": book, "quantity": 1}]}
    preview = stack.request("POST", "/api/orders/preview", json=basket).json()
    assert (preview["id"], preview["total"], preview["discount_total"]) == (None, "827.20", "69.80")
    # nothing is reserved by a preview
    assert {p["sku"]: p["reserved"] for p in stack.request("GET", "/api/products").json()}[spade] == 0

    r = stack.request("POST", "/api/orders", json=basket)
    assert r.status_code == 201, r.text
    order = r.json()
    assert (order["total"], order["vat_total"], order["seller"]) == ("827.20", "136.90", "agent")
    assert order["discounts"] == [
        {
            "offer_id": order["discounts"][0]["offer_id"],
            "sku": spade,
            "description": "10 % off the spade",
            "amount": "69.80",
        }
    ]
    # the offer was for one use: the next order pays full price
    again = stack.request("POST", "/api/orders/preview", json=basket).json()
    assert again["total"] == "897.00"

    r = stack.request(
        "POST",
        f"/api/orders/{order['id']}/deliveries",
        json={"carrier": "PostNord", "tracking_number": "PN123SE"},
    )
    assert r.status_code == 201, r.text
    shipped = r.json()
    assert shipped["order"]["status"] == "shipped" and shipped["delivery"]["tracking_number"] == "PN123SE"
    invoice = stack.request("GET", f"/api/invoices/{shipped['delivery']['invoice_id']}").json()
    assert (invoice["amount"], invoice["open_amount"], invoice["vat_total"]) == ("827.20", "827.20", "136.90")

    paid = stack.request(
        "POST", f"/api/invoices/{invoice['id']}/payments", json={"amount": "827.20", "method": "giro"}
    )
    assert paid.status_code == 201 and paid.json()["invoice"]["open_amount"] == "0.00"
    r = stack.request(
        "POST",
        f"/api/orders/{order['id']}/returns",
        json={"lines": [{"sku": book, "quantity": 1, "reason": "wrong book"}]},
    )
    assert r.status_code == 201, r.text
    refund = r.json()["refund"]
    assert (refund["amount"], refund["status"]) == ("199.00", "pending")
    assert stack.request("POST", f"/api/refunds/{refund['id']}/paid").status_code == 403  # agents may not
    assert (
        stack.request("POST", f"/api/refunds/{refund['id']}/paid", role="supervisor").json()["status"]
        == "paid"
    )
    kinds = [i["kind"] for i in stack.request("GET", f"/api/customers/{cid}/invoices").json()]
    assert kinds == ["credit_note", "invoice"]
    sent = eventually(
        lambda: (
            (m := stack.request("GET", f"/api/customers/{cid}/overview").json()["messages"])
            and len(m) >= 4
            and m
        )
    )
    assert sorted(m["template"] for m in sent) == [
        "delivery_notice",
        "order_confirmation",
        "refund_paid",
        "return_received",
    ]
    assert any("PN123SE" in m["body"] for m in sent)


def test_prepayment_and_credit_limit_hold_an_order(stack):
    mower = product(stack, price="12990.00", stock_on_hand=5)
    cid = new_customer(stack)
    big = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": mower, "quantity": 1}]}
    )
    order = big.json()
    assert (order["status"], order["payment_method"]) == ("awaiting_payment", "prepayment"), order
    refused = stack.request("POST", f"/api/orders/{order['id']}/deliveries", json={})
    assert refused.status_code == 409 and "not paid" in refused.json()["message"]
    r = stack.request(
        "POST", f"/api/orders/{order['id']}/payments", json={"amount": "12990.00", "method": "card"}
    )
    assert r.json()["order"]["status"] == "placed"

    tight = new_customer(stack, role="supervisor", credit_limit="500.00")
    r = stack.request(
        "POST",
        "/api/orders",
        json={"customer_id": tight, "lines": [{"sku": mower, "quantity": 1}], "payment_method": "invoice"},
    )
    assert r.json()["status"] == "awaiting_payment"  # paid in advance: no credit is asked for
    cheap = product(stack, price="300.00", stock_on_hand=5)
    r = stack.request(
        "POST", "/api/orders", json={"customer_id": tight, "lines": [{"sku": cheap, "quantity": 2}]}
    )
    held = r.json()
    assert held["status"] == "awaiting_approval" and any("credit limit" in n for n in held["notices"])
    assert (
        stack.request("POST", f"/api/orders/{held['id']}/approval", json={"approved": True}).status_code
        == 403
    )
    r = stack.request(
        "POST", f"/api/orders/{held['id']}/approval", role="supervisor", json={"approved": True}
    )
    assert (r.json()["status"], r.json()["approved_by"]) == ("placed", "supervisor")
    credit = stack.request("GET", f"/api/customers/{tight}/credit").json()
    assert (credit["credit_limit"], credit["unbilled_orders"], credit["available"]) == (
        "500.00",
        "600.00",
        "-100.00",
    )
    view = stack.request("GET", f"/api/customers/{tight}/overview").json()
    assert view["credit"]["unbilled_orders"] == "600.00" and view["sections"]["credit"] == "ok"


def test_a_web_shop_orders_with_its_own_key_and_staff_tokens_are_not_needed(stack):
    sku = product(stack, price="50.00", stock_on_hand=5)
    body = {
        "reference": f"SHOP-{uuid.uuid4().hex[:6]}",
        "lines": [{"sku": sku, "quantity": 1}],
        "customer": {"kind": "person", "given_name": "Webb", "family_name": unique_name()},
    }
    assert stack.request("POST", "/api/web-orders", role=None, json=body).status_code == 401
    r = stack.request("POST", "/api/web-orders", role="shop", json=body)
    assert r.status_code == 201 and r.json()["source"] == "web", r.text
    # the shop's key opens the shop's door and no other
    assert stack.request("GET", "/api/products", role="shop").status_code == 403
    assert stack.request("GET", f"/api/products/suggestions?skus={sku}", role="shop").status_code == 200


def test_goods_received_go_to_the_waiting_order_and_a_delay_is_told(stack, eventually):
    hose = product(stack, price="89.00", stock_on_hand=0, restock_date="2027-01-15")
    alternative = product(stack, price="99.00", stock_on_hand=3)
    stack.request("PATCH", f"/api/products/{hose}", role="supervisor", json={"alternatives": [alternative]})
    cid = new_customer(stack)
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": hose, "quantity": 2}]}
    ).json()
    assert order["lines"][0]["expected_on"] == "2027-01-15"
    assert [a["sku"] for a in order["alternatives"][hose]] == [alternative]
    r = stack.request(
        "PATCH", f"/api/products/{hose}", role="supervisor", json={"restock_date": "2027-02-01"}
    )
    assert r.status_code == 200
    assert (
        stack.request("GET", f"/api/orders/{order['id']}").json()["lines"][0]["expected_on"] == "2027-02-01"
    )
    told = eventually(
        lambda: [
            m
            for m in stack.request("GET", f"/api/customers/{cid}/overview").json()["messages"]
            if m["template"] == "delivery_delayed"
        ]
    )
    assert len(told) == 1 and "2027-02-01" in told[0]["body"]
    r = stack.request("POST", f"/api/products/{hose}/stock", role="supervisor", json={"quantity": 5})
    assert r.json()["orders_now_ready"] == [order["id"]] and r.json()["product"]["available"] == 3
    assert stack.request("GET", f"/api/orders/{order['id']}").json()["lines"][0]["ships_now"] is True


def test_memberships_and_statistics_as_json_and_csv(stack):
    code = f"CLUB{uuid.uuid4().hex[:4]}"
    r = stack.request(
        "POST",
        "/api/plans",
        role="admin",
        json={"code": code, "name": "Garden club", "kind": "club", "price": "240.00", "period_months": 12},
    )
    assert r.status_code == 201, r.text
    cid = new_customer(stack)
    joined = stack.request("POST", f"/api/customers/{cid}/memberships", json={"plan": code})
    assert joined.status_code == 201 and joined.json()["status"] == "active"
    again = stack.request("POST", f"/api/customers/{cid}/memberships", json={"plan": code})
    assert again.status_code == 409
    month = joined.json()["started_on"][:7]
    revenue = stack.request(
        "GET", f"/api/statistics/recurring-revenue?from={month}&to={month}", role="supervisor"
    ).json()
    assert {
        "month": month,
        "plan": code,
        "kind": "club",
        "members": 1,
        "recurring_revenue": "20.00",
        "currency": "SEK",
    } in revenue
    left = stack.request("POST", f"/api/memberships/{joined.json()['id']}/leave", json={"reason": "moving"})
    assert left.json()["status"] == "ended"

    sku = product(stack, price="100.00", stock_on_hand=10)
    stack.request("POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku, "quantity": 3}]})
    r = stack.request(
        "GET", f"/api/statistics/sales-by-product?from={month}&to={month}&format=csv", role="supervisor"
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0] == "month,sku,name,quantity,orders,revenue,currency"
    assert f"{month},{sku},{sku},3,1,300.00,SEK" in lines
    assert (
        stack.request("GET", f"/api/statistics/sales-by-product?from={month}&to={month}").status_code == 403
    )
    bad = stack.request("GET", "/api/statistics/sales-by-seller?from=2026-13&to=2026-01", role="supervisor")
    assert bad.status_code == 400 and "from" in bad.json()["fields"]


def test_a_device_history_by_serial_number(stack):
    sku = product(stack, price="5990.00", stock_on_hand=1)
    cid = new_customer(stack)
    serial = f"SN-{uuid.uuid4().hex[:8]}"
    r = stack.request(
        "POST",
        "/api/devices",
        json={"serial": serial, "sku": sku, "customer_id": cid, "sold_on": "2020-03-01"},
    )
    assert (
        r.status_code == 201 and r.json()["warranty_until"] == "2022-03-01" and not r.json()["under_warranty"]
    )
    job = stack.request(
        "POST",
        f"/api/devices/{serial}/service-jobs",
        json={"description": "blade bent", "labour_cost": "400.00", "parts_cost": "150.00", "case_id": 3},
    )
    assert job.status_code == 201 and job.json()["charged"] == "550.00"
    device = stack.request("GET", f"/api/devices/{serial}").json()
    assert (device["service_cost"], device["charged_total"]) == ("550.00", "550.00")
    assert [j["case_id"] for j in device["service_jobs"]] == [3]
    assert [d["serial"] for d in stack.request("GET", f"/api/customers/{cid}/devices").json()] == [serial]
    assert stack.request("GET", "/api/devices/NO-SUCH-SERIAL").status_code == 404


def test_a_quote_in_euro_becomes_an_order(stack):
    sku = product(stack, price="1147.35", stock_on_hand=2)
    assert stack.request("PUT", "/api/exchange-rates/EUR", json={"rate": "11.4735"}).status_code == 403
    r = stack.request("PUT", "/api/exchange-rates/EUR", role="supervisor", json={"rate": "11.4735"})
    assert r.status_code == 200 and r.json()["rate"] == "11.473500"
    cid = new_customer(stack)
    r = stack.request(
        "POST",
        "/api/quotes",
        json={
            "customer_id": cid,
            "currency": "EUR",
            "valid_until": "2099-01-01",
            "variants": [
                {"label": "one", "lines": [{"sku": sku, "quantity": 1}]},
                {"label": "two", "lines": [{"sku": sku, "quantity": 2}]},
            ],
        },
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert [v["total"] for v in made["variants"]] == ["100.00", "200.00"] and made["status"] == "open"
    pdf = stack.request("GET", f"/api/quotes/{made['id']}/document")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert f"Quote {made['id']}" in text and "200.00 EUR" in text and "valid until 2099-01-01" in text
    r = stack.request("POST", f"/api/quotes/{made['id']}/accept", json={"variant": "two"})
    assert r.status_code == 201, r.text
    order = r.json()["order"]
    assert (order["currency"], order["total"], order["quote_id"]) == ("EUR", "200.00", made["id"])
    assert r.json()["quote"]["status"] == "accepted"
    again = stack.request("POST", f"/api/quotes/{made['id']}/accept", json={"variant": "one"})
    assert again.status_code == 409
    assert [q["id"] for q in stack.request("GET", f"/api/customers/{cid}/quotes").json()] == [made["id"]]

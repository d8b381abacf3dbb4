"""Every write endpoint, given malformed or missing fields, answers 4xx naming the field
and writes nothing."""

import pytest

NOT_JSON = object()

CASES = [
    ("POST", "/api/customers", {}, "kind"),
    ("POST", "/api/customers", {"kind": "person"}, "given_name"),
    (
        "POST",
        "/api/customers",
        {"kind": "organisation", "name": "X", "org_number": "556036-0794"},
        "org_number",
    ),
    (
        "POST",
        "/api/customers",
        {"kind": "person", "name": "A B", "phones": [{"number": "hello"}]},
        "phones.0.number",
    ),
    ("POST", "/api/customers", {"kind": "person", "name": "A B", "country": "Sweden"}, "country"),
    ("POST", "/api/customers", {"kind": "person", "name": "A B", "birthday": "31/12/1980"}, "birthday"),
    ("POST", "/api/customers", {"kind": "person", "name": "A B", "credit_limit": "-5"}, "credit_limit"),
    ("POST", "/api/customers", NOT_JSON, "_body"),
    ("PATCH", "/api/customers/{cid}", {"tier": "platinum"}, "tier"),
    ("PATCH", "/api/customers/{cid}", {"kind": "organisation"}, "kind"),
    ("PATCH", "/api/customers/{cid}", {"addresses": [{"street": "x"}]}, "addresses.0.postal_code"),
    ("POST", "/api/customers/{cid}/notes", {}, "text"),
    ("POST", "/api/customers/{cid}/notes", {"text": ""}, "text"),
    ("POST", "/api/customers/{cid}/employments", {"person_id": "abc"}, "person_id"),
    ("POST", "/api/orders", {"customer_id": "{cid}", "lines": []}, "lines"),
    (
        "POST",
        "/api/orders",
        {"customer_id": "{cid}", "lines": [{"sku": "BAD-IN-1", "quantity": 0}]},
        "lines.0.quantity",
    ),
    (
        "POST",
        "/api/orders",
        {"customer_id": "{cid}", "lines": [{"sku": "NO-SUCH", "quantity": 1}]},
        "lines.0.sku",
    ),
    (
        "POST",
        "/api/orders",
        {"customer_id": 999999, "lines": [{"sku": "BAD-IN-1", "quantity": 1}]},
        "customer_id",
    ),
    ("POST", "/api/cases", {"customer_id": "{cid}"}, "subject"),
    ("POST", "/api/cases", {"customer_id": "{cid}", "subject": "x", "channel": "pigeon"}, "channel"),
    ("POST", "/api/cases", {"customer_id": 999999, "subject": "x"}, "customer_id"),
    ("POST", "/api/telephony/events", {"event": "exploded", "call_id": "x"}, "event"),
    ("POST", "/api/telephony/events", {"event": "ringing"}, "call_id"),
    ("POST", "/api/telephony/events", [1, 2], "_schema"),
    ("POST", "/api/telephony/cti/{pbx}", {"event": "dial", "callId": "x"}, "event"),
    ("POST", "/api/users", {"username": "x y", "password": "short", "role": "god"}, "role"),
    (
        "POST",
        "/api/users",
        {"username": "portal", "password": "long-enough-pw", "role": "customer"},
        "customer_id",
    ),
    ("POST", "/api/products", {"sku": "has space", "name": "x", "price": "1"}, "sku"),
    ("POST", "/api/products", {"sku": "OK-1", "name": "x", "price": "free"}, "price"),
    ("POST", "/api/auth/token", {"username": "agent"}, "password"),
    (
        "POST",
        "/api/orders",
        {"customer_id": "{cid}", "lines": [{"sku": "BAD-IN-1", "quantity": 1}], "payment_method": "bitcoin"},
        "payment_method",
    ),
    (
        "POST",
        "/api/orders",
        {"customer_id": "{cid}", "lines": [{"sku": "BAD-IN-1", "quantity": 1}], "delivery_method": "drone"},
        "delivery_method",
    ),
    ("POST", "/api/orders/preview", {"lines": [{"sku": "BAD-IN-1", "quantity": -1}]}, "lines.0.quantity"),
    (
        "POST",
        "/api/web-orders",
        {"reference": "W", "lines": [{"sku": "BAD-IN-1", "quantity": 1}]},
        "customer",
    ),
    ("PATCH", "/api/products/BAD-IN-1", {"price": "-1"}, "price"),
    ("PATCH", "/api/products/BAD-IN-1", {"alternatives": ["BAD-IN-1"]}, "alternatives.0"),
    ("POST", "/api/products/BAD-IN-1/stock", {"quantity": 0}, "quantity"),
    ("PUT", "/api/products/week", {"sku": "NO-SUCH"}, "sku"),
    ("POST", "/api/delivery-methods", {"code": "Bad Code", "name": "x", "price": "1"}, "code"),
    (
        "POST",
        "/api/offers",
        {
            "customer_id": "{cid}",
            "description": "x",
            "kind": "percent",
            "value": "150",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
        "value",
    ),
    (
        "POST",
        "/api/offers",
        {
            "customer_id": "{cid}",
            "description": "x",
            "kind": "amount",
            "value": "10",
            "valid_from": "2026-12-31",
            "valid_until": "2026-01-01",
        },
        "valid_until",
    ),
    ("POST", "/api/orders/{oid}/payments", {"amount": "0"}, "amount"),
    ("POST", "/api/orders/{oid}/deliveries", {"skus": ["NO-SUCH"]}, "skus.0"),
    ("POST", "/api/orders/{oid}/returns", {"lines": [{"sku": "BAD-IN-1", "quantity": 1}]}, "lines.0.reason"),
    (
        "POST",
        "/api/orders/{oid}/returns",
        {"lines": [{"sku": "BAD-IN-1", "quantity": 1, "reason": "never shipped"}]},
        "lines.0.sku",
    ),
    ("POST", "/api/orders/{oid}/approval", {"approved": "perhaps"}, "approved"),
    ("PUT", "/api/exchange-rates/euro", {"rate": "11"}, "currency"),
    ("PUT", "/api/exchange-rates/EUR", {"rate": "0"}, "rate"),
    (
        "POST",
        "/api/quotes",
        {"customer_id": "{cid}", "valid_until": "2099-01-01", "variants": []},
        "variants",
    ),
    (
        "POST",
        "/api/quotes",
        {
            "customer_id": "{cid}",
            "currency": "JPY",
            "valid_until": "2099-01-01",
            "variants": [{"label": "a", "lines": [{"sku": "BAD-IN-1", "quantity": 1}]}],
        },
        "currency",
    ),
    ("POST", "/api/plans", {"code": "C", "name": "x", "kind": "gym", "price": "1"}, "kind"),
    ("POST", "/api/customers/{cid}/memberships", {"plan": "NO-SUCH-PLAN"}, "plan"),
    (
        "POST",
        "/api/devices",
        {"serial": "S1", "sku": "BAD-IN-1", "customer_id": "{cid}", "sold_on": "yesterday"},
        "sold_on",
    ),
    (
        "POST",
        "/api/devices",
        {
            "serial": "S1",
            "sku": "BAD-IN-1",
            "customer_id": "{cid}",
            "sold_on": "2026-01-01",
            "warranty_until": "2025-01-01",
        },
        "warranty_until",
    ),
    (
        "POST",
        "/api/devices",
        {"serial": "S2", "sku": "NO-SUCH", "customer_id": "{cid}", "sold_on": "2026-01-01"},
        "sku",
    ),
    (
        "POST",
        "/api/offers",
        {
            "customer_id": "{cid}",
            "description": "x",
            "kind": "amount",
            "value": "10",
            "sku": "NO-SUCH",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
        "sku",
    ),
]
ROLES = {
    "/api/users": "admin",
    "/api/products": "admin",
    "/api/delivery-methods": "admin",
    "/api/plans": "admin",
    "/api/products/BAD-IN-1": "supervisor",
    "/api/products/BAD-IN-1/stock": "supervisor",
    "/api/products/week": "supervisor",
    "/api/orders/{oid}/approval": "supervisor",
    "/api/exchange-rates/euro": "supervisor",
    "/api/exchange-rates/EUR": "supervisor",
    "/api/web-orders": "shop",
}


@pytest.fixture(scope="module")
def world(stack):
    cid = stack.request("POST", "/api/customers", json={"kind": "person", "name": "Bad Input"}).json()["id"]
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": "BAD-IN-1", "name": "x", "price": "10.00", "stock_on_hand": 5},
    )
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": "BAD-IN-1", "quantity": 1}]}
    ).json()
    return {"cid": cid, "oid": order["id"]}


def snapshot(stack, cid):
    """What a bad write could have touched."""
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    return (
        stack.request("GET", f"/api/customers/{cid}").json(),
        view["notes"],
        view["orders"],
        view["credit"],
        view["offers"],
        view["cases"],
        *(
            stack.request("GET", f"/api/customers/{cid}/{part}").json()
            for part in ("invoices", "refunds", "memberships", "devices", "quotes")
        ),
        stack.request("GET", "/api/delivery-methods").json(),
        stack.request("GET", "/api/exchange-rates").json(),
        stack.request("GET", "/api/plans").json(),
        len(stack.request("GET", "/api/customers", params={"q": "a"}).json()),
        stack.request("GET", "/api/products").json(),
        stack.request("GET", "/api/telephony/calls/active").json(),
    )


def fill(value, world, pbx):
    if isinstance(value, str):
        value = value.replace("{cid}", str(world["cid"])).replace("{oid}", str(world["oid"]))
        value = value.replace("{pbx}", pbx)
        return int(value) if value.isdigit() else value
    if isinstance(value, dict):
        return {k: fill(v, world, pbx) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world, pbx) for v in value]
    return value


@pytest.mark.parametrize("method, path, body, field", CASES, ids=[f"{m} {p} {f}" for m, p, _, f in CASES])
def test_bad_input_is_refused_and_nothing_is_written(stack, world, method, path, body, field):
    from tests.stack import PBX_KEY

    role = ROLES.get(path, "agent")
    if path.startswith("/api/telephony/events"):
        role = "pbx"
    if path.startswith(("/api/telephony/cti", "/api/auth")):
        role = None
    before = snapshot(stack, world["cid"])
    kwargs = {"data": "{oops"} if body is NOT_JSON else {"json": fill(body, world, PBX_KEY)}
    r = stack.request(method, fill(path, world, PBX_KEY), role=role, **kwargs)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_input" and field in r.json()["fields"], r.json()
    assert snapshot(stack, world["cid"]) == before

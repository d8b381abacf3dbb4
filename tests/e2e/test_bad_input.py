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
]


@pytest.fixture(scope="module")
def world(stack):
    cid = stack.request("POST", "/api/customers", json={"kind": "person", "name": "Bad Input"}).json()["id"]
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": "BAD-IN-1", "name": "x", "price": "10.00", "stock_on_hand": 5},
    )
    return {"cid": cid}


def snapshot(stack, cid):
    """What a bad write could have touched."""
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    return (
        stack.request("GET", f"/api/customers/{cid}").json(),
        view["notes"],
        view["orders"],
        view["cases"],
        len(stack.request("GET", "/api/customers", params={"q": "a"}).json()),
        stack.request("GET", "/api/products").json(),
        stack.request("GET", "/api/telephony/calls/active").json(),
    )


def fill(value, world, pbx):
    if isinstance(value, str):
        value = value.replace("{cid}", str(world["cid"])).replace("{pbx}", pbx)
        return int(value) if value.isdigit() else value
    if isinstance(value, dict):
        return {k: fill(v, world, pbx) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world, pbx) for v in value]
    return value


@pytest.mark.parametrize("method, path, body, field", CASES, ids=[f"{m} {p} {f}" for m, p, _, f in CASES])
def test_bad_input_is_refused_and_nothing_is_written(stack, world, method, path, body, field):
    from tests.stack import PBX_KEY

    role = {"/api/users": "admin", "/api/products": "admin"}.get(path, "agent")
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

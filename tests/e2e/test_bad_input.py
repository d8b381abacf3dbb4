"""Every write endpoint, given malformed or missing fields, answers 4xx naming the field
and writes nothing."""

import pytest

from tests.e2e.bad_input_cases import CASES, NOT_JSON

ROLES = {
    "/api/cases/{case}/assign": "supervisor",
    "/api/cases/{case}/handover": "supervisor",
    "/api/cases/inbound/messages": "inbound",
    "/api/agents/bad-input": "supervisor",
    "/api/routing/rules": "admin",
    "/api/routing/weights": "admin",
    "/api/sla/calendars": "admin",
    "/api/sla/policies": "admin",
    "/api/reply-templates": "supervisor",
    "/api/call-types": "supervisor",
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
    case = stack.request("POST", "/api/cases", json={"customer_id": cid, "subject": "Bad input"}).json()
    return {"cid": cid, "oid": order["id"], "case": case["id"]}


def snapshot(stack, cid, world):
    """What a bad write could have touched."""
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    return (
        stack.request("GET", f"/api/customers/{cid}").json(),
        view["notes"],
        view["alerts"],
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
        stack.request("GET", f"/api/cases/{world['case']}").json(),
        stack.request("GET", f"/api/cases/{world['case']}/journal").json(),
        *(
            stack.request("GET", path, role="supervisor").json()
            for path in (
                "/api/agents",
                "/api/routing/rules",
                "/api/routing/weights",
                "/api/sla/calendars",
                "/api/sla/policies",
                "/api/faq",
                "/api/reply-templates",
                "/api/call-types",
                "/api/agenda?everyone=true&from=2000-01-01&to=2100-01-01",
                "/api/correspondence",
                "/api/documents",
                "/api/personal?year=2026",
            )
        ),
    )


def fill(value, world, pbx):
    if isinstance(value, str):
        value = value.replace("{cid}", str(world["cid"])).replace("{oid}", str(world["oid"]))
        value = value.replace("{case}", str(world["case"]))
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
    if path.startswith(("/api/telephony/cti", "/api/auth", "/api/portal")):
        role = None
    before = snapshot(stack, world["cid"], world)
    kwargs = {"data": "{oops"} if body is NOT_JSON else {"json": fill(body, world, PBX_KEY)}
    r = stack.request(method, fill(path, world, PBX_KEY), role=role, **kwargs)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_input" and field in r.json()["fields"], r.json()
    assert snapshot(stack, world["cid"], world) == before

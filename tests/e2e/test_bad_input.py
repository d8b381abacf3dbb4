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
    ("POST", "/api/customers", {"kind": "person", "name": "A B", "birthday": "2999-01-01"}, "birthday"),
    ("PATCH", "/api/customers/{cid}", {"name_day": "02-30"}, "name_day"),
    ("POST", "/api/customers", {"kind": "person", "name": "A B", "credit_limit": "-5"}, "credit_limit"),
    ("POST", "/api/customers", NOT_JSON, "_body"),
    ("PATCH", "/api/customers/{cid}", {"tier": "platinum"}, "tier"),
    ("PATCH", "/api/customers/{cid}", {"kind": "organisation"}, "kind"),
    ("PATCH", "/api/customers/{cid}", {"addresses": [{"street": "x"}]}, "addresses.0.postal_code"),
    ("POST", "/api/customers/{cid}/notes", {}, "text"),
    ("POST", "/api/customers/{cid}/notes", {"text": ""}, "text"),
    ("POST", "/api/customers/{cid}/employments", {"person_id": "abc"}, "person_id"),
    ("POST", "/api/customers/{cid}/log", {"importance": "red"}, "text"),
    ("POST", "/api/customers/{cid}/log", {"text": "x", "importance": "purple"}, "importance"),
    ("POST", "/api/customers/{cid}/log", {"text": "x", "relevant_until": "2001-01-01"}, "relevant_until"),
    ("POST", "/api/portal/login-link", {"email": "not an address"}, "email"),
    ("POST", "/api/portal/token", {"token": "short"}, "token"),
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
    ("PUT", "/api/exchange-rates/EUR", [], "_schema"),
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
    # cases (K1–K13)
    ("POST", "/api/cases/{case}/replies", {"body": ""}, "body"),
    ("POST", "/api/cases/{case}/replies", {"body": "x", "then": "maybe"}, "then"),
    ("POST", "/api/cases/{case}/replies", {"body": "x", "template_id": 999999}, "template_id"),
    ("POST", "/api/cases/{case}/notes", {"body": "x", "visibility": "secret"}, "visibility"),
    ("POST", "/api/cases/{case}/status", {"status": "lost"}, "status"),
    ("POST", "/api/cases/{case}/assign", {"agent": "nobody-at-all"}, "agent"),
    ("POST", "/api/cases/{case}/changes", {"priority": "whenever"}, "priority"),
    ("POST", "/api/cases/{case}/changes", {"order_id": 999999}, "order_id"),
    ("POST", "/api/cases/{case}/handover", {"agent": "x", "queue": "y"}, "agent"),
    ("POST", "/api/cases/{case}/customer", {"customer_id": 999999}, "customer_id"),
    ("POST", "/api/cases/{case}/replies/preview", {"template_id": "x"}, "template_id"),
    ("POST", "/api/cases/inbound/messages", {"channel": "fax", "sender": "+4670", "text": "x"}, "channel"),
    (
        "POST",
        "/api/cases/inbound/messages",
        {"channel": "sms", "sender": "not a number", "text": "x"},
        "sender",
    ),
    ("PUT", "/api/agents/bad-input", {"name": "x", "skills": {"billing": 9}}, "skills.billing.value"),
    ("PUT", "/api/agents/bad-input", {"name": "x", "capacity": 0}, "capacity"),
    ("POST", "/api/agents/agent/presence", {"presence": "asleep"}, "presence"),
    (
        "POST",
        "/api/routing/rules",
        {"name": "r", "conditions": {"channels": ["pigeon"]}, "queue": "q"},
        "conditions.channels.0",
    ),
    ("POST", "/api/routing/rules", {"name": "r"}, "queue"),
    ("PUT", "/api/routing/weights", {"load": -1}, "load"),
    ("POST", "/api/sla/calendars", {"name": "c", "timezone": "Mars/Olympus", "hours": {}}, "timezone"),
    (
        "POST",
        "/api/sla/calendars",
        {"name": "c", "timezone": "UTC", "hours": {"mon": [["17:00", "08:00"]]}},
        "hours",
    ),
    ("POST", "/api/sla/calendars", {"name": "c", "timezone": "UTC", "country": "XX", "hours": {}}, "country"),
    (
        "POST",
        "/api/sla/policies",
        {"name": "p", "calendar_id": 999999, "first_response_minutes": 5, "resolution_minutes": 50},
        "calendar_id",
    ),
    (
        "POST",
        "/api/sla/policies",
        {
            "name": "p",
            "tiers": ["gold"],
            "calendar_id": 1,
            "first_response_minutes": 5,
            "resolution_minutes": 50,
        },
        "tiers.0",
    ),
    ("POST", "/api/faq", {"question": "?", "answer": "a"}, "question"),
    ("POST", "/api/faq", {"question": "Why?", "answer": "a", "source_case_id": 999999}, "source_case_id"),
    # what no database column holds: a NUL (PostgreSQL's text), 2**31 (its integer), 10**10 in money
    ("POST", "/api/cases", {"customer_id": "{cid}", "subject": "a\x00b"}, "subject"),
    ("POST", "/api/cases", {"customer_id": 2**31, "subject": "x"}, "customer_id"),
    ("POST", "/api/products", {"sku": "OK-2", "name": "x", "price": "10000000000"}, "price"),
    (
        "PATCH",
        "/api/customers/{cid}",
        {"addresses": [{"street": "a\x00", "postal_code": "411 38", "city": "c"}]},
        "addresses.0.street",
    ),
    ("POST", "/api/reply-templates", {"name": "t", "body": "{% if %}"}, "body"),
    ("POST", "/api/call-types", {"name": ""}, "name"),
    ("POST", "/api/call-registrations", {"call_type": "no such type"}, "call_type"),
    ("POST", "/api/call-registrations", {"call_type": "x", "case_id": "abc"}, "case_id"),
    (
        "POST",
        "/api/agenda",
        {
            "kind": "booking",
            "title": "t",
            "starts_at": "2026-12-01T10:00:00+00:00",
            "ends_at": "2026-12-01T11:00:00+00:00",
        },
        "resource",
    ),
    (
        "POST",
        "/api/agenda",
        {"kind": "meeting", "title": "t", "starts_at": "2026-12-01T10:00:00"},
        "starts_at",
    ),
    (
        "POST",
        "/api/agenda",
        {
            "kind": "meeting",
            "title": "t",
            "starts_at": "2026-12-01T10:00:00+00:00",
            "ends_at": "2026-12-01T09:00:00+00:00",
        },
        "ends_at",
    ),
    (
        "POST",
        "/api/personal",
        {"kind": "mileage", "on_date": "2026-01-01", "amount": "-3", "description": "x"},
        "amount",
    ),
    (
        "POST",
        "/api/personal",
        {"kind": "expense", "on_date": "2026-01-01", "amount": "3", "description": "x"},
        "currency",
    ),
    (
        "POST",
        "/api/correspondence",
        {"direction": "sideways", "counterpart": "x", "subject": "s", "on_date": "2026-01-01"},
        "direction",
    ),
    (
        "POST",
        "/api/correspondence",
        {
            "direction": "in",
            "counterpart": "x",
            "subject": "s",
            "on_date": "2026-01-05",
            "reply_by": "2026-01-01",
        },
        "reply_by",
    ),
    (
        "POST",
        "/api/documents",
        {"kind": "contract", "title": "t", "valid_from": "2026-05-01", "expires_on": "2026-01-01"},
        "expires_on",
    ),
]
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

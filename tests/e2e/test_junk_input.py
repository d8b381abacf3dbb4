"""Junk sent to every operation of the OpenAPI document, on PostgreSQL (which refuses more
than SQLite does: a NUL in text, a number past 32 bits): each answer is a 4xx or a
success, never a 5xx. What each field must be is checked by test_bad_input.py; this
sweeps what no one thought to list."""

from __future__ import annotations

import json
import re
from contextlib import ExitStack

import pytest

from tests.postgres import fresh_database
from tests.stack import SERVICES, Stack

# Values no field should turn into a failure: wrong types, empty ones, the limits of the
# databases, a NUL, a date that is no date.
JUNK = [None, 1e308, -1, 0, 2**31, 2**63, "x" * 5000, "", [], {}, True, "2026-13-45", "a\x00b", [None], [{}]]
QUERY_JUNK = ["abc", "-1", "0", "99999999999999999999", "", "2026-13-45", "a\x00b", "x" * 3000]
PATH_JUNK = ["1", "0", "-1", "abc", "99999999999999999999", "1.5"]
KEYED = {"/api/telephony/events": "pbx", "/api/telephony/cti": "pbx", "/api/web-orders": "shop"}


@pytest.fixture(scope="module")
def pg_stack():
    with ExitStack() as stack:
        urls = {name: stack.enter_context(fresh_database()) for name in SERVICES}
        env = {f"{name.upper()}_DATABASE_URL": url for name, url in urls.items()}
        s = Stack(extra_env=env).start()
        stack.callback(s.stop)
        cid = s.request("POST", "/api/customers", json={"kind": "person", "name": "Junk Test"}).json()["id"]
        product = {"sku": "JUNK-1", "name": "x", "price": "10.00", "stock_on_hand": 5}
        s.request("POST", "/api/products", role="admin", json=product)
        s.request(
            "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": "JUNK-1", "quantity": 1}]}
        )
        s.request("POST", "/api/cases", json={"customer_id": cid, "subject": "Junk"})
        yield s


def resolve(spec: dict, schema: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema or {}


def plausible(spec: dict, schema: dict):
    """A value of the schema's shape, with only the required fields: so that junk in one
    field gets past the checks of the others."""
    schema = resolve(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {k: plausible(spec, v) for k, v in schema.get("properties", {}).items() if k in required}
    if kind == "array":
        return [plausible(spec, schema.get("items", {}))]
    formats = {"date": "2026-01-02", "date-time": "2026-01-02T10:00:00Z", "email": "a@example.se"}
    simple = {"integer": 1, "number": 1.5, "boolean": True}
    return simple.get(kind, formats.get(schema.get("format"), "abc"))


def bodies(spec: dict, schema: dict):
    """The plausible body with junk in one field at a time, and in one field of the first
    element of each list of objects, and of each object inside."""
    schema = resolve(spec, schema)
    base = plausible(spec, schema)
    base = base if isinstance(base, dict) else {}
    for name, field in schema.get("properties", {}).items():
        for junk in JUNK:
            yield {**base, name: junk}
        field = resolve(spec, field)
        item = resolve(spec, field.get("items", {})) if field.get("type") == "array" else field
        if "properties" in item:
            inner = plausible(spec, item)
            for inner_name in item["properties"]:
                for junk in JUNK:
                    value = {**inner, inner_name: junk}
                    yield {**base, name: [value] if field.get("type") == "array" else value}


def junk_requests(spec: dict, template: str, method: str, operation: dict):
    """(path, request keywords) for one operation: junk in the path's ids, in each query
    parameter, and in each field of the body, and bodies that are not objects at all."""
    paths = [re.sub(r"\{[^}]+\}", junk, template) for junk in PATH_JUNK] if "{" in template else [template]
    if method in ("get", "delete"):
        yield from ((path, {}) for path in paths)
    first = paths[0]
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query":
            yield from ((first, {"params": {parameter["name"]: junk}}) for junk in QUERY_JUNK)
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content and method != "get":
        yield from ((first, {"json": body}) for body in bodies(spec, content["application/json"]["schema"]))
        for raw in ("not json", "[]", "null", "[" * 100 + "]" * 100):
            yield first, {"data": raw, "headers": {"Content-Type": "application/json"}}


def test_no_junk_makes_any_operation_fail(pg_stack):
    spec = pg_stack.request("GET", "/api/openapi.json").json()
    failures, sent = [], 0
    for template, operations in spec["paths"].items():
        role = next((r for prefix, r in KEYED.items() if template.startswith(prefix)), "admin")
        for method, operation in operations.items():
            if "text/event-stream" in json.dumps(operation.get("responses", {})):
                continue  # a live stream answers for as long as it is read
            for path, kwargs in junk_requests(spec, template, method, operation):
                response = pg_stack.request(method, path, role=role, **kwargs)
                sent += 1
                if response.status_code >= 500:
                    sending = json.dumps({k: v for k, v in kwargs.items() if k != "headers"})[:160]
                    failures.append(f"{method.upper()} {path} {sending} → {response.status_code}")
    assert sent > 5000  # the document was read and swept
    assert not failures, "\n".join(failures)

"""The API against its own OpenAPI document (/api/openapi.json), with schemathesis on a
stack over fresh PostgreSQL databases: no answer is a 5xx, and every answer is one the
document lists — its status code, its content type, its body's schema — under each role's
credentials: the staff's tokens, a customer's portal login, the PBX's, the web shop's and
the inbound gateway's keys, and none for the public operations.

Each operation runs once: under the key of the system it is for, the customer's login if
it is the portal's, else the least staff role allowed (a higher one gets the same answers; a
role that may not call it gets a 403 whatever it sends, which the access tests check).
schemathesis runs as its CLI in a subprocess, a process of its own, free of this one's
eventlet monkey-patching. `pytest -s` prints the figures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.postgres import fresh_database
from tests.stack import INBOUND_KEY, PBX_KEY, SERVICES, SHOP_KEY, Stack

ST = str(Path(sys.executable).parent / "st")
HOOKS = str(Path(__file__).with_name("conformance_hooks.py"))

# Checks left out, each with why it does not apply here.
EXCLUDED_CHECKS = {
    # A schema-valid request may still break a rule no JSON Schema states (a phone number
    # valid for its country, a known SKU, a street block needs its street): that is a 400
    # naming the field, which the document lists.
    "positive_data_acceptance": "business rules beyond the schema are 400s by design",
    # The contracts read a yes or no as marshmallow does: 0 and 1, "true", "yes", "on" too (a
    # form sends only text), where this check wants anything but true and false refused.
    # All it finds besides is mended: a whole number with a fraction (crm_common/contracts).
    "negative_data_rejection": "a yes or no is read leniently, as forms need",
}
# Checks left out for some addresses only, and why.
EXCLUDED_CHECKS_FOR = {
    # These addresses are also /api/products/{sku} for a product of that SKU, so the Allow
    # header of a 405 rightly names that template's methods too.
    "allow_header_conformance": ("/api/products/week", "/api/products/suggestions"),
}

# Operations left out, each with why it cannot run in this test.
EXCLUDED_OPERATIONS = {
    ("GET", "/api/desk/events"): "a live stream of server-sent events answers for as long as it is read",
    ("POST", "/api/auth/logout"): "it ends the session the run is made with",
    ("POST", "/api/me/password"): "a new password ends the session the run is made with",
    ("POST", "/api/my/password"): "a new password ends the session the run is made with",
    ("PATCH", "/api/users/{user_id}"): "it may disable the account the run is made with",
    ("POST", "/api/users/{user_id}/password"): "it may end the session the run is made with",
}

PUBLIC = "anyone"
STAFF = ("agent", "supervisor", "admin")
ROLES = (*STAFF, "customer", "pbx", "shop", "inbound", PUBLIC)
KEYS = {"pbx": PBX_KEY, "shop": SHOP_KEY, "inbound": INBOUND_KEY}
# Cases per operation in the fuzzing phase (the coverage phase adds its own), and the seed:
# the same cases on every run. CRM_CONFORMANCE_SEED=random and CRM_CONFORMANCE_EXAMPLES=50
# look further.
MAX_EXAMPLES = os.environ.get("CRM_CONFORMANCE_EXAMPLES", "5")
SEED = os.environ.get("CRM_CONFORMANCE_SEED", "20261207")


@pytest.fixture(scope="module")
def conformance_stack():
    with ExitStack() as stack:
        urls = {name: stack.enter_context(fresh_database()) for name in SERVICES}
        env = {f"{name.upper()}_DATABASE_URL": url for name, url in urls.items()}
        s = Stack(extra_env=env).start()
        stack.callback(s.stop)
        yield s


def some_data(stack: Stack) -> dict[str, str]:
    """A customer with a portal login, a product, an order delivered (an invoice), a quote
    and a case, so that not every id the fuzzer tries is unknown; returns the customer's
    credentials."""
    t = uuid.uuid4().hex[:8]
    address = f"conformance.{t}@example.se"
    customer = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "name": "Conformance Test", "emails": [{"address": address}]},
    ).json()["id"]
    product = {"sku": "CONF-1", "name": "x", "price": "10.00", "stock_on_hand": 50}
    stack.request("POST", "/api/products", role="admin", json=product)
    order = {"customer_id": customer, "lines": [{"sku": "CONF-1", "quantity": 1}]}
    order_id = stack.request("POST", "/api/orders", json=order).json()["id"]
    stack.request("POST", f"/api/orders/{order_id}/deliveries", json={})
    variants = [{"label": "A", "lines": order["lines"]}]
    quote = {"customer_id": customer, "valid_until": "2099-01-01", "variants": variants}
    stack.request("POST", "/api/quotes", json=quote)
    stack.request("POST", "/api/cases", json={"customer_id": customer, "subject": "Conformance"})
    password = f"portal-{t}-pass"
    login = {"username": address, "password": password, "role": "customer", "customer_id": customer}
    r = stack.request("POST", "/api/users", role="admin", json=login)
    assert r.status_code == 201, r.text
    r = stack.http.post(stack.url("/api/auth/token"), json={"username": address, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def credentials(stack: Stack) -> dict[str, dict[str, str]]:
    return {
        **{role: {"Authorization": f"Bearer {stack.token(role)}"} for role in STAFF},
        "customer": some_data(stack),
        **{role: {"X-API-Key": key} for role, key in KEYS.items()},
        PUBLIC: {},
    }


def runner(operation: dict) -> str:
    """Who runs the operation, of the roles the document names for it (gateway/openapi.py
    writes them into the description): the system or the customer it is for, else the
    least staff role; PUBLIC for an operation that needs no login."""
    found = re.search(r"Roles: (.+)\.$", operation.get("description", ""))
    if not found:
        return PUBLIC
    roles = found.group(1).split(", ")
    return next(role for role in (*KEYS, "customer", *STAFF, *roles) if role in roles)


def operations_of(spec: dict, role: str) -> list[str]:
    """The operation ids `role` runs, less the excluded operations."""
    return [
        operation["operationId"]
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if runner(operation) == role and (method.upper(), path) not in EXCLUDED_OPERATIONS
    ]


def config_file(folder: Path) -> Path:
    """Half of the whole numbers and SKUs generated are those of the records some_data made
    (ids 1 and 2), so that an operation on one is not a 404 every time."""
    lines = [
        "[dictionaries]",
        "ids = { values = [1, 2] }",
        'skus = { values = ["CONF-1"] }',
        "[generation.dictionaries]",
        'integer = { dictionary = "ids", probability = 0.5 }',
        "[parameters]",
        '"path.sku" = { dictionary = "skus", probability = 0.5 }',
    ]
    for check, paths in EXCLUDED_CHECKS_FOR.items():
        lines += ["[[operations]]", f"include-path = {json.dumps(paths)}", f"checks.{check}.enabled = false"]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_schemathesis(stack: Stack, role: str, headers: dict, operations: list[str], folder: Path) -> dict:
    """One `st run` over `operations` with `headers`: its JSON report, the seconds it
    took and what it printed."""
    report = folder / f"{role}-report.json"
    command = [
        *(ST, "--config-file", str(config_file(folder)), "run", stack.url("/api/openapi.json")),
        # Every check but these (`--checks all` would undo EXCLUDED_CHECKS_FOR)
        *("--exclude-checks", ",".join(EXCLUDED_CHECKS)),
        *("--max-examples", MAX_EXAMPLES, "--workers", "1", "--request-timeout", "20"),
        *("--report", "json", "--report-json-path", str(report), "--output-truncate", "false"),
        *([] if SEED == "random" else ["--seed", SEED]),
    ]
    for operation in operations:
        command += ["--include-operation-id", operation]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "NO_COLOR": "1", "COLUMNS": "120"}
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=folder)
    result = json.loads(report.read_text())
    result["seconds"] = time.monotonic() - started
    result["output"] = done.stdout + done.stderr
    return result


# Lines of the stack's log shown with a server error (a 5xx), whose traceback is there.
LOG_LINES = 200


def server_errors(result: dict) -> int:
    """How many server errors (5xx) `st run` found."""
    return sum(f["count"] for f in result["failures"] if f["type"] == "ServerError")


def log_tail(stack: Stack, lines: int = LOG_LINES) -> str:
    """The last `lines` of the stack's log: the services' tracebacks (read before the
    stack stops, which deletes it)."""
    path = stack.data_dir / "stack.log"
    text = path.read_text(errors="replace") if path.exists() else ""
    return f"--- the last {lines} lines of {path} ---\n" + "\n".join(text.splitlines()[-lines:])


def test_every_answer_is_one_the_document_lists(conformance_stack, tmp_path):
    stack = conformance_stack
    spec = stack.request("GET", "/api/openapi.json", role=None).json()
    headers = credentials(stack)
    table = [f"{'role':<11}{'operations':>11}{'calls':>8}{'failures':>10}{'errors':>8}{'seconds':>9}"]
    failed = []
    server_failed = False
    for role in ROLES:
        operations = operations_of(spec, role)
        assert operations, role  # with none, `st run` would run them all
        result = run_schemathesis(stack, role, headers[role], operations, tmp_path)
        failures = sum(f["count"] for f in result["failures"])
        errors = sum(e["count"] for e in result["errors"])
        table.append(
            f"{role:<11}{result['operations']['tested']:>11}{result['test_cases']['generated']:>8}"
            f"{failures:>10}{errors:>8}{result['seconds']:>9.1f}"
        )
        if failures or errors or result["exit_code"]:
            failed.append(f"--- {role} ---\n{result['output']}")
        server_failed = server_failed or server_errors(result) > 0
    print(f"\nschemathesis, checks: all but {', '.join(EXCLUDED_CHECKS)}\n" + "\n".join(table))
    if server_failed:  # a 5xx: what the service logged explains it
        failed.append(log_tail(stack))
        print(failed[-1])
    assert not failed, "\n".join(failed)

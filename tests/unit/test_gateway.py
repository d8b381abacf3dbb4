"""The gateway without a broker: routes, roles, JSON errors and the OpenAPI document.
Services are replaced only at the RPC boundary (worker_factory)."""

import json
from unittest.mock import Mock

import pytest
from nameko.exceptions import RemoteError, UnknownService
from nameko.testing.services import worker_factory
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from crm_common.errors import InvalidInput, NotFound
from gateway.auth import Principal, issue_token
from gateway.openapi import build_spec
from gateway.routing import openapi_path
from gateway.service import GatewayService

TOKEN = issue_token(Principal("ann", "agent"), "development-only-secret-change-me", 3600)


def request(method="GET", path="/", body=None, token=TOKEN, headers=None, data=None):
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body) if not isinstance(body, str) else body
    return Request(EnvironBuilder(method=method, path=path, data=data, headers=h).get_environ())


def replying(value=None, error=None):
    reply = Mock()
    if error:
        reply.result.side_effect = error
    else:
        reply.result.return_value = value
    method = Mock()
    method.call_async.return_value = reply
    return method


@pytest.fixture
def gw(monkeypatch):
    # A token's login session is checked in the database (tests/unit/test_accounts.py);
    # here, with no database, every signed token stands.
    monkeypatch.setattr("gateway.sessions.current", lambda session, claimed, now: claimed)
    return worker_factory(GatewayService)


def answer(response):
    return response.status_code, json.loads(response.get_data())


def test_a_write_passes_the_body_to_the_service(gw):
    gw.customer.create_customer = replying({"id": 1})
    status, body = answer(gw.create_customer(request("POST", body={"kind": "person"})))
    assert (status, body) == (201, {"id": 1})
    gw.customer.create_customer.call_async.assert_called_once_with({"kind": "person"}, False)


def test_confirm_new_is_passed_on(gw):
    gw.customer.create_customer = replying({"id": 1})
    req = request("POST", path="/api/customers?confirm_new=true", body={"kind": "person"})
    assert answer(gw.create_customer(req))[0] == 201
    gw.customer.create_customer.call_async.assert_called_once_with({"kind": "person"}, True)


def test_no_token_is_401_and_nothing_is_called(gw):
    status, body = answer(gw.create_customer(request("POST", body={}, token=None)))
    assert status == 401 and body["error"] == "unauthorized"
    assert not gw.customer.create_customer.call_async.called


def test_an_agent_may_not_add_products(gw):
    status, body = answer(gw.create_product(request("POST", body={"sku": "x"})))
    assert status == 403 and body["fields"] == {"role": "agent"}


@pytest.mark.parametrize("raw", ["{not json", ""])
def test_a_body_that_is_not_json_is_400(gw, raw):
    status, body = answer(gw.create_customer(request("POST", data=raw)))
    assert status == 400 and "_body" in body["fields"]


@pytest.mark.parametrize("depth", [33, 100_000])  # past the limit; past what the parser can follow
def test_a_body_nested_too_deeply_is_400_and_never_reaches_the_service(gw, depth):
    gw.customer.create_customer = replying({"id": 1})
    status, body = answer(gw.create_customer(request("POST", data="[" * depth + "]" * depth)))
    assert (status, body["fields"]) == (400, {"_body": "nested too deeply"})
    gw.customer.create_customer.call_async.assert_not_called()


def test_a_body_nested_as_deep_as_allowed_is_passed_on(gw):
    gw.customer.create_customer = replying({"id": 1})
    nested = {"kind": "person", "x": [[[{"y": 1}]]]}
    status, _ = answer(gw.create_customer(request("POST", body=nested)))
    assert status == 201


@pytest.mark.parametrize(
    "error, status, code",
    [
        (InvalidInput("bad", {"name": "missing"}), 400, "invalid_input"),
        (NotFound("no such", {"customer_id": "not found"}), 404, "not_found"),
        (RemoteError("ZeroDivisionError", "boom"), 502, "service_failed"),
    ],
)
def test_service_errors_map_to_http(gw, error, status, code):
    gw.customer.get_customer = replying(error=error)
    got_status, body = answer(gw.get_customer(request(), customer_id=5))
    assert (got_status, body["error"]) == (status, code)
    if isinstance(error, InvalidInput):
        assert body["fields"] == {"name": "missing"}


def test_a_service_that_was_never_started_is_503(gw):
    gw.order.service_name = "order"
    gw.order.list_products = Mock()
    gw.order.list_products.call_async.side_effect = UnknownService("order")
    status, body = answer(gw.list_products(request()))
    assert status == 503 and body["fields"] == {"service": "order"}


def test_the_pbx_key_is_checked(gw):
    gw.telephony.handle_call_event = replying({"state": "ringing"})
    ok = request("POST", body={"event": "ringing"}, token=None, headers={"X-API-Key": "development-pbx-key"})
    bad = request("POST", body={"event": "ringing"}, token=None, headers={"X-API-Key": "guess"})
    assert answer(gw.call_event(ok))[0] == 200
    assert answer(gw.call_event(bad))[0] == 401
    assert answer(gw.call_event(request("POST", body={"event": "ringing"})))[0] == 403  # an agent is no PBX


def test_zammad_cti_takes_a_form_and_the_key_in_the_path(gw):
    gw.telephony.handle_zammad_event = replying({})
    form = request("POST", token=None, data={"event": "newCall", "callId": "1", "user[]": ["A", "B"]})
    assert answer(gw.zammad_cti(form, token="development-pbx-key")) == (200, {})
    gw.telephony.handle_zammad_event.call_async.assert_called_once_with(
        {"event": "newCall", "callId": "1", "user[]": ["A", "B"]}
    )
    assert answer(gw.zammad_cti(form, token="wrong"))[0] == 401


def test_openapi_paths_from_werkzeug_rules():
    assert openapi_path("/api/customers/<int:customer_id>/notes") == (
        "/api/customers/{customer_id}/notes",
        [("customer_id", "integer")],
    )


def test_the_openapi_document_lists_every_http_entrypoint():
    from nameko.web.handlers import HttpRequestHandler

    spec = build_spec()
    routes = set()
    for name in dir(GatewayService):
        for ep in getattr(getattr(GatewayService, name), "nameko_entrypoints", ()):
            if isinstance(ep, HttpRequestHandler):
                routes.add((ep.method.lower(), openapi_path(ep.url)[0]))
    documented = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert routes == documented and len(routes) > 20
    create = spec["paths"]["/api/customers"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("CustomerCreate")
    assert {"400", "401", "403", "201"} <= set(create["responses"])
    assert "from" in spec["components"]["schemas"]["CallEventIn"]["properties"]


@pytest.mark.parametrize("start", ["abc", "9999-12-31"])
def test_an_agenda_from_no_date_is_refused_with_the_field(gw, start):
    gw.case.agenda_between = replying([])
    status, body = answer(gw.agenda(request(path=f"/api/agenda?from={start}")))
    assert (status, body["fields"]) == (400, {"from": "not a date"})
    gw.case.agenda_between.call_async.assert_not_called()


def test_a_nul_in_the_address_is_400_naming_the_parameter(gw):
    gw.customer.search_customers = replying([])
    status, body = answer(gw.search_customers(request(path="/api/customers?q=a%00b")))
    assert (status, body["fields"]) == (400, {"q": "must not contain a NUL character"})
    gw.customer.search_customers.call_async.assert_not_called()


def test_a_route_open_to_anyone_reads_no_more_than_64_kb(gw):
    """Parsing a body holds the gateway's event loop: a stranger's 16 MB of JSON held every
    other request for seconds."""
    from gateway import routing

    big = {"username": "agent", "password": "x", "pad": "x" * routing.MAX_PUBLIC_BODY_BYTES}
    status, body = answer(gw.token(request("POST", path="/api/auth/token", body=big)))
    assert (status, body["fields"]) == (413, {"_body": "too large"})
    gw.customer.create_customer = replying({"id": 1})
    status, _ = answer(gw.create_customer(request("POST", body={"kind": "person", "name": "x" * 100_000})))
    assert status == 201  # behind a login, the large limit


def test_a_body_past_the_limit_is_413_and_never_reaches_the_service(gw, monkeypatch):
    from gateway import routing

    monkeypatch.setattr(routing, "MAX_BODY_BYTES", 1000)
    gw.customer.create_customer = replying({"id": 1})
    status, body = answer(gw.create_customer(request("POST", body={"kind": "person", "name": "x" * 1000})))
    assert (status, body["fields"]) == (413, {"_body": "too large"})
    gw.customer.create_customer.call_async.assert_not_called()
    status, _ = answer(gw.create_customer(request("POST", body={"kind": "person", "name": "x" * 900})))
    assert status == 201

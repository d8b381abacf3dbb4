"""The OpenAPI 3 document, built from the routes and the contract schemas."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from crm_common.contracts import LARGEST, LARGEST_AMOUNT, SMALLEST
from gateway.auth import MACHINES
from gateway.routing import OPERATIONS, Operation, openapi_path

# An id in a path is a positive whole number of 32 bits (crm_common.contracts.positive_id).
PATH_TYPES = {"integer": {"type": "integer", "minimum": 1, "maximum": LARGEST}, "string": {"type": "string"}}

REASONS = {
    202: "Accepted, not done yet: see the status in the body",
    400: "Invalid input: `fields` names each bad field",
    401: "Not logged in",
    403: "The role may not do this",
    404: "Not found",
    409: "Conflicts with what exists (a probable duplicate: `matches` lists the look-alikes)",
    503: "A service did not answer",
}


class ErrorOut(Schema):
    error = fields.Str(metadata={"description": "machine-readable code"})
    message = fields.Str()
    fields_ = fields.Dict(data_key="fields", metadata={"description": "field → reason"})


def operation_id(method: str, path: str) -> str:
    """`post_api_customers_customer_id_notes`: unique, stable, readable by client generators."""
    return f"{method.lower()}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}"


def storable_property(
    self: object, field: fields.Field[Any], ret: dict[str, Any], **kwargs: object
) -> dict[str, Any]:
    """What the databases hold (crm_common/contracts) as limits in the document: whole
    numbers of 32 bits, amounts below ten billion. A Decimal as the API has it: written as
    a string ("12.50"); its limits and default as numbers (apispec copies them as Decimals,
    which the JSON turns into strings no JSON Schema validator takes for a limit)."""
    if isinstance(field, fields.Integer):
        ret.setdefault("minimum", SMALLEST)
        ret.setdefault("maximum", LARGEST)
    if not isinstance(field, fields.Decimal):
        return {}
    for key in ("minimum", "maximum", "default"):
        if isinstance(ret.get(key), Decimal | str):
            number = Decimal(ret[key])
            ret[key] = int(number) if number == number.to_integral_value() else float(number)
    if field.as_string:
        return {"type": "string", "format": "decimal"}
    largest = float(LARGEST_AMOUNT - Decimal("0.01"))
    ret.setdefault("minimum", -largest)
    ret.setdefault("maximum", largest)
    return {}


def build_spec() -> dict[str, Any]:
    """The document: each route's operation under its path, with the schemas it names."""
    spec = _new_spec()
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        path, params = openapi_path(op.path)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, path, params)
    for path, ops in paths.items():
        spec.path(path=path, operations=ops)
    return spec.to_dict()


def _new_spec() -> APISpec:
    """The document's head: its description, how to log in, the error's schema, and the
    limits of what the databases hold on each field (storable_property)."""
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="CRM API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={
            "description": "The customer-service CRM's HTTP API. Log in with "
            "POST /api/auth/token and send `Authorization: Bearer <token>`. Bad input is a 400 "
            "naming each field (`fields`: field → reason); whole numbers are 32-bit, amounts "
            "below ten billion, and text holds no NUL character."
        },
    )
    if plugin.converter is None:  # APISpec gave the plugin its converter just above
        raise RuntimeError("the marshmallow plugin has no converter")
    # apispec leaves add_attribute_function unannotated
    plugin.converter.add_attribute_function(storable_property)  # type: ignore[no-untyped-call]
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "apiKey",
        {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "the PBX's, the web shop's or the inbound gateway's own key",
        },
    )
    spec.components.schema("Error", schema=ErrorOut)
    return spec


def _operation(op: Operation, path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
    """The route's OpenAPI operation object."""
    answer: dict[str, Any] = {"description": "OK"}
    operation: dict[str, Any] = {
        "summary": op.summary,
        "tags": [op.tag],
        "operationId": operation_id(op.method, path),
        "parameters": _parameters(op, params),
        "responses": {str(op.status): answer},
    }
    if op.produces is not None:  # a raw answer: a page, a stream, a file (a JSON one is an object)
        schema = {"type": "object"} if op.produces == "application/json" else {"type": "string"}
        answer["content"] = {op.produces: {"schema": schema}}
    if op.description:
        operation["description"] = op.description
    if op.response is not None:
        schema = {"type": "array", "items": op.response} if op.many else op.response
        answer["content"] = {"application/json": {"schema": schema}}
    if (body := _request_body(op)) is not None:
        operation["requestBody"] = body
    if op.roles:
        _for_roles(operation, op.roles)
    for code in _error_codes(op, params):
        operation["responses"][str(code)] = {
            "description": REASONS.get(code, "Error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return operation


def _parameters(op: Operation, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The path's parameters, then the query's."""
    return [{"name": n, "in": "path", "required": True, "schema": PATH_TYPES[t]} for n, t in params] + [
        {"name": n, "in": "query", "required": False, "schema": {"type": "string"}, "description": d}
        for n, d in op.query.items()
    ]


def _request_body(op: Operation) -> dict[str, Any] | None:
    """A raw body of its content type (its bytes), else a JSON one of the route's schema."""
    if op.content_type is not None:
        return {
            "required": True,
            "content": {op.content_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    if op.body is not None:
        return {"required": True, "content": {"application/json": {"schema": op.body}}}
    return None


def _for_roles(operation: dict[str, Any], roles: tuple[str, ...]) -> None:
    """How the roles log in (a machine's API key, a person's bearer token), and who they
    are, at the end of the description."""
    security: list[dict[str, list[str]]] = []
    if set(roles) & set(MACHINES):
        security.append({"apiKey": []})
    if set(roles) - set(MACHINES):
        security.append({"bearer": []})
    operation["security"] = security
    operation["description"] = (operation.get("description", "") + f"\n\nRoles: {', '.join(roles)}.").strip()


def _error_codes(op: Operation, params: list[tuple[str, str]]) -> list[int]:
    """The error answers the route may give, in order. Every operation refuses a NUL in
    its address (gateway/routing.py), and an id in the path that is no id of ours is not
    found; one that needs a login answers 401 and 403."""
    codes = set(op.errors) | {400} | ({404} if params else set())
    if op.roles:
        codes |= {401, 403}
    return sorted(codes)

"""One decorator per endpoint that is at once the nameko HTTP entrypoint, the role check,
JSON in and out, the error mapping and the endpoint's entry in the OpenAPI document, so the
document cannot drift from the code."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from werkzeug.wrappers import Request, Response

from crm_common.errors import InvalidInput
from crm_common.storage import UnitOfWork
from gateway import audit, masking, merged_ids
from gateway.auth import Principal, bearer, read_token
from gateway.disclosures import note as disclose
from gateway.errors import to_response_body
from gateway.web_server import http

PUBLIC: tuple[str, ...] = ()


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    roles: tuple[str, ...]
    tag: str
    body: Any = None
    response: Any = None
    many: bool = False
    status: int = 200
    query: dict[str, str] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    description: str = ""
    content_type: str | None = None
    produces: str | None = None


OPERATIONS: list[Operation] = []


@dataclass
class Call:
    """What an endpoint gets (its `req` argument): the request, who is asking, the JSON body
    and the query args."""

    request: Request
    principal: Principal | None
    body: Any
    args: dict


def route(
    method: str,
    path: str,
    *,
    summary: str,
    tag: str,
    roles: tuple[str, ...],
    body=None,
    response=None,
    many=False,
    status=200,
    query=None,
    errors=(),
    raw: bool = False,
    form: bool = False,
    content_type: str | None = None,
    produces: str | None = None,
    follows_merges: bool = True,
):
    """Declare an endpoint. `roles` empty means no login; `raw` lets the handler return a
    werkzeug Response of its own (pages, files); `form` also accepts a form-encoded body.
    `content_type` names a raw body (e.g. message/rfc822): the handler gets its bytes.
    Any other body is read as JSON whatever its Content-Type says. `produces` names what a
    raw handler answers with (text/html, text/event-stream) for the OpenAPI document.
    A `customer_id` in the path or query that was merged away is the survivor's, unless
    `follows_merges` is False (gateway/merged_ids.py)."""
    handling = _Handling(roles, body, status, raw, form, content_type, follows_merges)

    def decorate(fn: Callable):
        OPERATIONS.append(
            Operation(
                method,
                path,
                summary,
                roles,
                tag,
                body,
                response,
                many,
                status,
                query or {},
                tuple(errors),
                (fn.__doc__ or "").strip(),
                content_type,
                produces,
            )
        )
        entry = _entry(fn, handling)

        def guarded(self, request: Request, **params):
            return _guarded(request, entry(self, request, **params))

        guarded.__name__ = fn.__name__
        guarded.__doc__ = fn.__doc__
        return http(method, path)(guarded)

    return decorate


class Gateway(Protocol):
    """What an endpoint's entry asks of the gateway service (gateway/service.py): who is
    asking, its Database dependency, and its ActingFor dependency."""

    @property
    def db(self) -> UnitOfWork: ...

    def authenticate(self, request: Request) -> Principal: ...

    def acting_for(self, actor: str | None, role: str | None) -> None: ...

    @property
    def customer(self) -> object: ...

    @property
    def customer_cache(self) -> merged_ids.Cache: ...


@dataclass(frozen=True)
class _Handling:
    """What `route` was told about handling a request (see its docstring)."""

    roles: tuple[str, ...]
    body: object
    status: int
    raw: bool
    form: bool
    content_type: str | None
    follows_merges: bool = True


def _entry(fn: Callable, how: _Handling) -> Callable[..., Response]:
    """The endpoint's handler `fn` with the role check, its input read, its answer as JSON
    (or its own Response, if raw) and any error as its HTTP answer."""

    def entry(self: Gateway, request: Request, **params: object) -> Response:
        # reading more raises: a 413. Without a login, a few KB: parsing a body holds the
        # gateway's one event loop, and a stranger's 64 MB of JSON held it for seconds.
        request.max_content_length = MAX_BODY_BYTES if how.roles else MAX_PUBLIC_BODY_BYTES
        try:
            principal = _signed_in(self, request, how.roles)
            _no_nul({**request.args.to_dict(flat=False), **params})
            args = request.args.to_dict()
            if how.follows_merges:  # the survivor's, before any access rule looks at it
                params = merged_ids.follow_path(self.customer, self.customer_cache, params)
                args = merged_ids.follow_query(self.customer, self.customer_cache, args)
            payload = _payload(request, how)
            result = fn(self, Call(request, principal, payload, args), **params)
            return _answer(self, principal, request, result, how)
        except Exception as exc:  # the one place errors become HTTP
            code, error = to_response_body(exc)
            return _retry_after(json_response(code, error), exc)

    return entry


def _signed_in(gateway: Gateway, request: Request, roles: tuple[str, ...]) -> Principal | None:
    """Who is asking, if the endpoint needs a login (None if not); Forbidden unless
    their role is one of `roles`. A portal customer merged into another is the survivor."""
    principal = gateway.authenticate(request) if roles else None
    principal = merged_ids.follow_login(gateway.customer, gateway.customer_cache, principal)
    if principal is not None:
        principal.require(roles)
        # Every RPC this call makes carries who it is for (the audit trail).
        actor = audit.actor_name(principal.username, principal.role, principal.customer_id)
        gateway.acting_for(actor, principal.role)
    return principal


def _payload(request: Request, how: _Handling) -> object:
    """The body the handler gets: a raw body's bytes, the JSON (or form) read, or None."""
    if how.content_type is not None:
        return request.get_data(cache=True)
    return parse_body(request, how.form) if how.body is not None else None


def _answer(gateway: Gateway, principal: Principal | None, request: Request, result, how: _Handling):
    """The handler's result as the answer, each disclosure on the audit trail: a raw
    handler's own Response, else the result as JSON."""
    if how.raw:
        disclose(gateway.db, principal, request, result)
        return result
    # national ids whole only for the roles that need them (gateway/masking.py)
    response = json_response(
        how.status, masking.for_role(principal.role if principal is not None else None, result)
    )
    disclose(gateway.db, principal, request, response)  # the audit trail: what left
    return response


def _guarded(request: Request, response):
    """Headers every answer carries: no type sniffing anywhere, and nothing under /api/
    kept by a browser or proxy (tokens and personal data) unless the handler said how
    (the docs page's assets may be cached)."""
    if not isinstance(response, Response):
        return response
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith("/api/") and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _retry_after(response: Response, exc: Exception) -> Response:
    """A 429 says after how many seconds to try again."""
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _no_nul(parameters: dict) -> None:
    """A NUL in the URL is no value anything here holds (PostgreSQL's text cannot): the
    parameter is named, not looked up. Bodies are checked by each service's contract."""
    wrong = {
        name: "must not contain a NUL character"
        for name, values in parameters.items()
        if any("\x00" in str(v) for v in (values if isinstance(values, list) else [values]))
    }
    if wrong:
        raise InvalidInput("the address has invalid parameters", wrong)


def parse_body(request: Request, form: bool = False) -> Any:
    if form and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return {k: v if len(v) > 1 else v[0] for k, v in request.form.to_dict(flat=False).items()}
    raw = request.get_data(cache=True)
    if not raw:
        raise InvalidInput("the request needs a JSON body", {"_body": "missing"})
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput("the body is not valid JSON", {"_body": str(exc)}) from None
    except RecursionError:
        raise _too_deep() from None
    if _depth(body) > MAX_DEPTH:
        raise _too_deep()
    return body


# The largest body read: a CSV import of a few hundred thousand customers fits, a body
# meant to exhaust the memory does not.
MAX_BODY_BYTES = 64 * 1024 * 1024
# What an endpoint open to anyone reads (a login, a login link, a PBX's CTI push): far more
# than any of them needs.
MAX_PUBLIC_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32  # no body here nests more than a few levels; a deep one only costs the stack


def _too_deep() -> InvalidInput:
    return InvalidInput(f"the body nests deeper than {MAX_DEPTH} levels", {"_body": "nested too deeply"})


def _depth(value) -> int:
    """How deep lists and objects nest, counted without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                todo.extend(
                    (inner, level + 1) for inner in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def json_response(status: int, data: Any) -> Response:
    if status == 204:
        return Response(status=204)
    # The newline keeps answers apart on a terminal (curl prints none of its own).
    return Response(
        json.dumps(data, default=_json_default, ensure_ascii=False) + "\n",
        status=status,
        mimetype="application/json",
    )


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def openapi_path(path: str) -> tuple[str, list[tuple[str, str]]]:
    """`/api/customers/<int:customer_id>` → (`/api/customers/{customer_id}`, [(name, type)])."""
    params = []

    def repl(m):
        converter, name = (m.group(1) or "string"), m.group(2)
        params.append((name, "integer" if converter == "int" else "string"))
        return "{" + name + "}"

    return re.sub(r"<(?:(\w+):)?(\w+)>", repl, path), params


def principal_from(request: Request, secret: str) -> Principal:
    return read_token(bearer(request.headers.get("Authorization")), secret)


def query_limit(value, default: int) -> int:
    """A `limit` query argument: a positive whole number, or the default."""
    from crm_common.contracts import positive_id

    return default if value is None else positive_id(value, "limit")


def parse_json_field(text: str, field: str):
    """A form field that carries JSON (a multipart upload's mapping)."""
    try:
        return json.loads(text)
    except ValueError:
        raise InvalidInput(f"{field} must be JSON", {field: "not JSON"}) from None

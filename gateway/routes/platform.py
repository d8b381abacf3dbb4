"""Platform routes: health, the API's own documentation, logging in and accounts."""

from __future__ import annotations

from crm_common.config import load_settings
from crm_common.contracts import load
from gateway import docs, users
from gateway import schemas as s
from gateway.auth import STAFF, token_answer
from gateway.openapi import build_spec
from gateway.remote import UNAVAILABLE, gather
from gateway.routes.roles import ADMIN
from gateway.routing import PUBLIC, json_response, route


class PlatformRoutes:
    @route(
        "GET",
        "/api/health",
        summary="Is every service up?",
        tag="platform",
        roles=PUBLIC,
        response=s.HealthOut,
        errors=(503,),
        raw=True,
    )
    def health(self, c):
        """200 when every service answers within a second, 503 (with the same body) when
        one does not; no login needed, for load balancers and compose health checks."""
        names = ("customer", "order", "case", "messaging", "telephony")
        results = gather({n: (getattr(self, n), "ping", ()) for n in names}, timeout=1.0)
        services = {n: "down" if results[n] == UNAVAILABLE else "up" for n in names}
        ok = all(v == "up" for v in services.values())
        return json_response(200 if ok else 503, {"status": "ok" if ok else "degraded", "services": services})

    @route("GET", "/api/openapi.json", summary="This document", tag="platform", roles=PUBLIC)
    def openapi(self, c):
        return build_spec()

    @route(
        "GET",
        "/api/docs",
        summary="Interactive API documentation (HTML)",
        tag="platform",
        roles=PUBLIC,
        raw=True,
        produces="text/html",
    )
    def docs_page(self, c):
        return docs.page()

    @route(
        "GET",
        "/api/docs/<name>",
        summary="Assets of the documentation page",
        tag="platform",
        roles=PUBLIC,
        raw=True,
    )
    def docs_asset(self, c, name):
        return docs.asset(name)

    @route(
        "POST",
        "/api/auth/token",
        summary="Log in: username and password give a bearer token",
        tag="auth",
        roles=PUBLIC,
        body=s.TokenIn,
        response=s.TokenOut,
        errors=(401,),
    )
    def token(self, c):
        valid = load(s.TokenIn(), c.body)
        settings = load_settings()
        with self.db.read() as session:
            principal = users.authenticate(session, valid["username"], valid["password"])
        return token_answer(principal, settings.secret_key, settings.token_ttl_seconds)

    @route(
        "POST",
        "/api/users",
        summary="Create a login",
        tag="auth",
        roles=ADMIN,
        body=s.UserCreate,
        response=s.UserOut,
        status=201,
        errors=(409,),
    )
    def create_user(self, c):
        valid = load(s.UserCreate(), c.body)
        with self.db.transaction() as session:
            return s.UserOut().dump(users.create_user(session, **valid))

    @route("GET", "/api/me", summary="Who am I", tag="auth", roles=STAFF + ("customer",))
    def me(self, c):
        p = c.principal
        return {"username": p.username, "role": p.role, "customer_id": p.customer_id}

"""Platform routes: health, the API's own documentation, logging in and accounts."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.errors import InvalidInput
from gateway import audit, desk_presence, docs, sessions, throttle, users
from gateway import schemas as s
from gateway.auth import STAFF, Principal
from gateway.openapi import build_spec
from gateway.remote import UNAVAILABLE, call, gather
from gateway.routes import Routes
from gateway.routes.desk import set_offline
from gateway.routes.roles import ADMIN
from gateway.routing import PUBLIC, json_response, query_limit, route

ANYONE = STAFF + ("customer",)


class PlatformRoutes(Routes):
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
    def health(self, req):
        """200 when every service answers within a second, 503 (with the same body) when
        one does not; no login needed, for load balancers and compose health checks."""
        names = ("customer", "order", "case", "messaging", "telephony")
        results = gather({n: (getattr(self, n), "ping", ()) for n in names}, timeout=1.0)
        services = {n: "down" if results[n] == UNAVAILABLE else "up" for n in names}
        ok = all(v == "up" for v in services.values())
        return json_response(200 if ok else 503, {"status": "ok" if ok else "degraded", "services": services})

    @route("GET", "/api/openapi.json", summary="This document", tag="platform", roles=PUBLIC)
    def openapi(self, req):
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
    def docs_page(self, req):
        return docs.page()

    @route(
        "GET",
        "/api/docs/<name>",
        summary="Assets of the documentation page",
        tag="platform",
        roles=PUBLIC,
        raw=True,
    )
    def docs_asset(self, req, name):
        return docs.asset(name)

    @route(
        "POST",
        "/api/auth/token",
        summary="Log in: username and password give a bearer token",
        tag="auth",
        roles=PUBLIC,
        body=s.TokenIn,
        response=s.TokenOut,
        errors=(401, 429),
    )
    def token(self, req):
        """Staff log in with their username, portal customers with their e-mail address.
        A wrong password and an unknown username get the same answer in the same time.
        After 5 failures for one username, or 20 from one address, within 15 minutes:
        429 with Retry-After (seconds), even for the right password."""
        valid = load(s.TokenIn(), req.body)
        settings = load_settings()
        now = utcnow()
        try:
            with self.db.transaction() as session:
                limits = throttle.Limits.of(settings)
                user = users.log_in(session, valid["username"], valid["password"], _address(req), now, limits)
                if user is not None and user.role == "customer":
                    # named by an e-mail address the customer may no longer have
                    customer = call(self.customer, "get_customer", user.customer_id)
                    if users.end_portal_access_of_lost_addresses(
                        session, None, customer, None, _address(req)
                    ):
                        user = None
                if user is not None:
                    principal = Principal(user.username, user.role, user.customer_id)
                    answer = sessions.open_session(
                        session, principal, user.id, settings.secret_key, settings.token_ttl_seconds, now
                    )
        except throttle.TooManyAttempts as refusal:  # on the trail (bounded), then the 429
            with self.db.transaction() as session:
                users.throttled(session, valid["username"], _address(req), now, refusal)
            raise
        if user is None:  # the failure is counted and recorded: committed, then refused
            raise users.refused()
        return answer

    @route(
        "POST",
        "/api/auth/logout",
        summary="Log out: this token stops working at once",
        tag="auth",
        roles=ANYONE,
        status=204,
    )
    def logout(self, req):
        """An agent who logs out goes offline: their open cases are handed on."""
        with self.db.transaction() as session:
            sessions.revoke(session, req.principal.session_id, utcnow())
            claimed = req.principal.role in STAFF and desk_presence.logged_out(
                session, req.principal.username, utcnow()
            )
            audit.record(
                session,
                req.principal,
                "logout",
                target=f"session:{req.principal.session_id}",
                address=_address(req),
                customer_id=req.principal.customer_id,
            )
        if req.principal.role in STAFF and not set_offline(self.case, req.principal.username) and claimed:
            with self.db.transaction() as session:  # the sweep tries again after the grace period
                desk_presence.unclaim(session, req.principal.username)

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
    def create_user(self, req):
        valid = load(s.UserCreate(), req.body)
        with self.db.transaction() as session:
            user = users.create_user(session, **valid)
            audit.record(
                session,
                req.principal,
                "user_created",
                target=f"user:{user.id}",
                details={"username": user.username, "role": user.role, "extension": user.extension},
                address=_address(req),
                customer_id=user.customer_id,
            )
            return s.UserOut().dump(user)

    @route(
        "GET",
        "/api/users",
        summary="Every login, oldest first",
        tag="auth",
        roles=ADMIN,
        response=s.UsersPageOut,
        query={
            "cursor": "next_cursor of the previous page",
            "limit": f"at most this many (default 100, at most {users.MAX_LIMIT})",
        },
    )
    def list_users(self, req):
        limit = min(query_limit(req.args.get("limit"), 100), users.MAX_LIMIT)
        with self.db.read() as session:
            return s.UsersPageOut().dump(users.listing(session, req.args.get("cursor") or None, limit))

    @route(
        "PATCH",
        "/api/users/<int:user_id>",
        summary="Change a login's role or extension, or disable or enable it",
        tag="auth",
        roles=ADMIN,
        body=s.UserPatch,
        response=s.UserOut,
        errors=(404,),
    )
    def change_user(self, req, user_id):
        """A disabled account cannot log in, and its tokens stop working at once; a
        changed role applies to its tokens already out. Audited with old and new values.
        An admin cannot disable or demote their own account."""
        valid = load(s.UserPatch(), req.body)
        with self.db.transaction() as session:
            user = users.get(session, positive_id(user_id, "user_id"))
            users.change(session, req.principal, user, valid, _address(req), utcnow())
            return s.UserOut().dump(user)

    @route(
        "POST",
        "/api/users/<int:user_id>/password",
        summary="Set a login's password (its logins end)",
        tag="auth",
        roles=ADMIN,
        body=s.UserPasswordIn,
        status=204,
        errors=(404,),
    )
    def set_user_password(self, req, user_id):
        password = load(s.UserPasswordIn(), req.body)["password"]
        with self.db.transaction() as session:
            user = users.get(session, positive_id(user_id, "user_id"))
            keep = req.principal.session_id if user.username == req.principal.username else None
            users.set_password(session, req.principal, user, password, _address(req), utcnow(), keep)

    @route(
        "POST",
        "/api/me/password",
        summary="Change my password (the current one needed); my other logins end",
        tag="auth",
        roles=STAFF,
        body=s.OwnPasswordIn,
        status=204,
        errors=(429,),
    )
    def change_my_password(self, req):
        valid = load(s.OwnPasswordIn(), req.body)
        limits = throttle.Limits.of(load_settings())
        now = utcnow()
        try:
            with self.db.transaction() as session:
                changed = users.change_own_password(
                    session,
                    req.principal,
                    valid["old_password"],
                    valid["new_password"],
                    _address(req),
                    now,
                    limits,
                )
        except throttle.TooManyAttempts as refusal:  # on the trail (bounded), then the 429
            with self.db.transaction() as session:
                users.throttled(session, req.principal.username, _address(req), now, refusal)
            raise
        if not changed:
            raise InvalidInput("the current password is wrong", {"old_password": "wrong password"})

    @route("GET", "/api/me", summary="Who am I", tag="auth", roles=ANYONE)
    def me(self, req):
        p = req.principal
        return {"username": p.username, "role": p.role, "customer_id": p.customer_id}


def _address(req) -> str:
    """The client's IP address as this process sees it (behind a proxy: the proxy's)."""
    return req.request.remote_addr or "unknown"

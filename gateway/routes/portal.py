"""The customer portal's own endpoints (C12, G3, G4): logging in by a one-time link or a
password, my details and my newsletters. A customer's token names their customer id;
nothing here takes another id from the request."""

from __future__ import annotations

import time

import eventlet
from nameko.events import event_handler

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import load
from crm_common.errors import InvalidInput
from gateway import audit, login_links, merged_ids, sessions, users
from gateway import schemas as s
from gateway.auth import Principal
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import PUBLIC, route

CUSTOMER = ("customer",)
LINK_SENT = "If the address belongs to a customer of ours, a login link is on its way."
# The login-link form answers after this long, known address or not: finding the customer,
# storing the link and handing the mail over take tens of milliseconds more for a customer
# of ours than the lookup of an unknown address, which would tell who our customers are.
LINK_ANSWER_SECONDS = 0.5


class PortalRoutes(Routes):
    @event_handler("customer", "customer_merged")
    def on_customer_merged(self, payload):
        """The merged customer's portal logins open the survivor's portal (C7)."""
        data = payload["data"]
        with self.db.transaction() as session:
            merged_ids.repoint_logins(session, data["merged_id"], data["survivor_id"])

    @route(
        "POST",
        "/api/portal/login-link",
        summary="Send me a one-time login link by e-mail",
        tag="customer portal",
        roles=PUBLIC,
        body=s.LoginLinkIn,
        response=s.LoginLinkSent,
        status=202,
    )
    def portal_login_link(self, req):
        """The same answer, after the same time, whether or not the address is known, so
        the form tells nobody who our customers are. At most five links per customer an
        hour, and twenty asked for from one client address."""
        email = load(s.LoginLinkIn(), req.body)["email"]
        answer_at = time.monotonic() + LINK_ANSWER_SECONDS
        try:
            self._send_login_link(req, email)
        finally:
            # as long for an address we know as for one we do not: the time tells nothing
            eventlet.sleep(max(0.0, answer_at - time.monotonic()))
        return {"message": LINK_SENT}

    def _send_login_link(self, req, email: str) -> None:
        found = call(self.customer, "find_by_email", email)
        if found:
            customer_id = found[0]["id"]
            with self.db.transaction() as session:
                address = req.request.remote_addr or "unknown"
                token = login_links.issue(session, customer_id, utcnow(), address)
            if token:
                link = f"{load_settings().public_url}/portal#/link/{token}"
                minutes = int(login_links.LIFETIME.total_seconds() // 60)
                message = {
                    "template": "portal_login_link",
                    "channel": "email",
                    "values": {"minutes": minutes},
                }
                # the link as a secret: only the mail carries it, never the sent log
                call(self.messaging, "send_manual", customer_id, message, "portal", {"link": link})

    @route(
        "POST",
        "/api/portal/token",
        summary="Trade a login link's token for a bearer token",
        tag="customer portal",
        roles=PUBLIC,
        body=s.LinkTokenIn,
        response=s.TokenOut,
        errors=(401,),
    )
    def portal_token(self, req):
        token = load(s.LinkTokenIn(), req.body)["token"]
        settings, now = load_settings(), utcnow()
        with self.db.transaction() as session:
            customer_id = login_links.redeem(session, token, now)
            user = users.customer_login(session, customer_id)
            if user is not None and user.disabled_at is not None:
                raise users.refused()
            username = user.username if user else f"customer-{customer_id}"
            principal = Principal(username, "customer", customer_id)
            audit.record(
                session,
                principal,
                "login_succeeded",
                customer_id=customer_id,
                target=f"user:{user.id}" if user else None,
                details={"by": "login link"},
                address=req.request.remote_addr,
            )
            user_id = user.id if user else None
            ttl = settings.token_ttl_seconds
            return sessions.open_session(session, principal, user_id, settings.secret_key, ttl, now)

    @route(
        "POST",
        "/api/my/password",
        summary="Set my password (I log in with my e-mail address and it)",
        tag="customer portal",
        roles=CUSTOMER,
        body=s.PasswordIn,
        response=s.ProfileOut,
        errors=(409,),
    )
    def my_password(self, req):
        password = load(s.PasswordIn(), req.body)["password"]
        customer = call(self.customer, "get_customer", req.principal.customer_id)
        if not customer["emails"]:
            raise InvalidInput("we have no e-mail address of yours to log in with", {"email": "missing"})
        with self.db.transaction() as session:
            login = customer["emails"][0]["address"].lower()
            users.set_customer_password(
                session, customer["id"], login, password, req.principal, req.request.remote_addr
            )
        return self._profile(customer)

    @route(
        "GET",
        "/api/my/profile",
        summary="My details",
        tag="customer portal",
        roles=CUSTOMER,
        response=s.ProfileOut,
    )
    def my_profile(self, req):
        return self._profile(call(self.customer, "get_customer", req.principal.customer_id))

    @route(
        "PATCH",
        "/api/my/profile",
        summary="Change my mobile number or postal address",
        tag="customer portal",
        roles=CUSTOMER,
        body=s.ProfileIn,
        response=s.ProfileOut,
        errors=(409,),
    )
    def update_my_profile(self, req):
        """The address is checked like an agent's entry: a blocked address, an unknown
        postal code or a town the postal register places elsewhere is refused with the
        reason. A number that belongs to another customer is refused (409): our phones
        would show the wrong person when it rings. The old address stays in the history.
        Should the new details make the customer look like another of ours, an agent finds
        a yellow note about it in the customer's log."""
        valid = load(s.ProfileIn(), req.body)
        return self._profile(call(self.customer, "update_own_details", req.principal.customer_id, valid))

    @route(
        "GET",
        "/api/my/newsletters",
        summary="Which newsletters I get",
        tag="customer portal",
        roles=CUSTOMER,
        response=s.NewslettersOut,
    )
    def my_newsletters(self, req):
        return self._newsletters(req.principal.customer_id)

    @route(
        "PUT",
        "/api/my/newsletters",
        summary="Sign up for the newsletter, or leave it or one of its topics",
        tag="customer portal",
        roles=CUSTOMER,
        body=s.NewslettersIn,
        response=s.NewslettersOut,
    )
    def set_my_newsletters(self, req):
        """`newsletter`: whether I want marketing mail at all; signing up also gives my
        consent to marketing (`/api/my/consent`), leaving keeps it. `topics`: topic → true
        (send it) or false (not this one)."""
        valid = load(s.NewslettersIn(), req.body)
        customer_id = req.principal.customer_id
        unknown = set(valid.get("topics", {})) - set(call(self.messaging, "newsletters"))
        if unknown:
            raise InvalidInput(
                "no such newsletter", {f"topics.{t}": "no such newsletter" for t in sorted(unknown)}
            )
        if "newsletter" in valid:
            call(self.customer, "update_customer", customer_id, {"newsletter": valid["newsletter"]})
            if valid["newsletter"]:  # signing up here is agreeing to it (README: consent)
                consent = {"given": True, "source": "portal"}
                call(self.customer, "change_consent", customer_id, consent)
            change = "opt_in" if valid["newsletter"] else "opt_out"
            call(self.messaging, change, customer_id, {"channel": "email", "topic": None})
        for topic, wanted in valid.get("topics", {}).items():
            call(
                self.messaging,
                "opt_in" if wanted else "opt_out",
                customer_id,
                {"channel": "email", "topic": topic},
            )
        return self._newsletters(customer_id)

    def _newsletters(self, customer_id: int) -> dict:
        customer = call(self.customer, "get_customer", customer_id)
        opted_out = {
            o["topic"] for o in call(self.messaging, "list_opt_outs", customer_id) if o["channel"] == "email"
        }
        wants = customer["newsletter"] and None not in opted_out
        return {
            "newsletter": wants,
            "topics": [
                {"topic": t, "subscribed": wants and t not in opted_out}
                for t in call(self.messaging, "newsletters")
            ],
        }

    def _profile(self, customer: dict) -> dict:
        with self.db.read() as session:
            user = users.customer_login(session, customer["id"])
            login = user.username if user else None
        return {
            "id": customer["id"],
            "name": customer["name"],
            "phones": customer["phones"],
            "emails": customer["emails"],
            "addresses": customer["addresses"],
            "newsletter": customer["newsletter"],
            "has_password": login is not None,
            "login": login,
        }

"""The desk's live stream (T1, T2): screen pops and the active-calls board."""

from __future__ import annotations

import logging

from nameko.events import BROADCAST, event_handler
from sqlalchemy import select
from werkzeug.wrappers import Response

from crm_common.clock import utcnow
from gateway import masking, overview, sessions
from gateway.auth import STAFF
from gateway.models import User
from gateway.routes import Routes
from gateway.routing import route

log = logging.getLogger(__name__)
CALL_EVENTS = ("call_ringing", "call_answered", "call_transferred", "call_ended")


def _on(event_type: str):
    """Every gateway process hears every call event (its own queue, gone when it stops)."""
    return event_handler("telephony", event_type, handler_type=BROADCAST, reliable_delivery=False)


class DeskRoutes(Routes):
    @route(
        "GET",
        "/api/desk/events",
        summary="My live stream: screen pops and call events (text/event-stream)",
        tag="telephony",
        roles=STAFF,
        raw=True,
        produces="text/event-stream",
    )
    def desk_events(self, req):
        """Server-sent events. `pop`: a call rings on my extension (or names me): the
        call and the caller's 360° view (`view`, null for an unknown number), sent before
        the call is answered. `call`: any call in the company started, was answered,
        transferred or ended. A comment line every 15 s keeps the line open."""
        with self.db.read() as session:
            extension = session.scalar(select(User.extension).where(User.username == req.principal.username))
        subscriber = self.pops.subscribe(req.principal.username, extension)
        db, claimed = self.db, req.principal

        def still_valid() -> bool:
            with db.read() as session:
                return sessions.still_valid(session, claimed, utcnow())

        # Hand every event to the socket at once instead of gathering 4 KB first.
        req.request.environ["eventlet.minimum_write_chunk_size"] = 0
        stream = self.pops.stream(subscriber, still_valid=still_valid)
        response = Response(stream, mimetype="text/event-stream")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Accel-Buffering"] = "no"
        return response

    @_on("call_ringing")
    def on_call_ringing(self, payload):
        call = payload["data"]
        targets = self.pops.ringing_for(call)
        if targets:
            view = None
            if call.get("customer_id"):
                proxies = {
                    n: getattr(self, n) for n in ("customer", "order", "case", "messaging", "telephony")
                }
                try:
                    view = overview.compose(proxies, call["customer_id"])
                except Exception:  # the pop still shows the number and the name
                    log.exception("no 360° view for call %s", call.get("call_id"))
            # a pop goes to whoever's extension rings: its national id is masked for all
            self.pops.send(targets, "pop", {"call": call, "view": masking.for_role(None, view)})
        self.pops.broadcast("call", call)

    @_on("call_answered")
    def on_call_answered(self, payload):
        self.pops.broadcast("call", payload["data"])

    @_on("call_transferred")
    def on_call_transferred(self, payload):
        """Put through to another extension: it pops there as a ringing call does."""
        self.on_call_ringing(payload)

    @_on("call_ended")
    def on_call_ended(self, payload):
        self.pops.broadcast("call", payload["data"])

"""The desk's live stream (T1, T2): screen pops, the active-calls board, the wallboard and the agents'
presence (K4): a desk whose stream stays closed past the grace period sets its agent
offline (gateway/desk_presence.py)."""

from __future__ import annotations

import logging
import time

from nameko.events import BROADCAST, event_handler
from nameko.timer import timer
from sqlalchemy import select
from werkzeug.wrappers import Response

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.errors import NotFound, ServiceUnavailable
from gateway import desk_presence, masking, overview, sessions, wallboard
from gateway.auth import STAFF
from gateway.models import User
from gateway.remote import call as rpc_call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import route
from gateway.schemas import WallboardOut

log = logging.getLogger(__name__)
CALL_EVENTS = ("call_ringing", "call_answered", "call_transferred", "call_ended")
GRACE = load_settings().presence_grace_seconds  # read once, at import: the sweep's interval
BEAT = desk_presence.beat_seconds(GRACE)
SEEN_EVERY = desk_presence.seen_every(GRACE)


def _on(event_type: str):
    """Every gateway process hears every call event (its own queue, gone when it stops)."""
    return event_handler("telephony", event_type, handler_type=BROADCAST, reliable_delivery=False)


def set_offline(case, username: str) -> bool:
    """Ask the case service to set `username` offline (which hands their cases on). False
    when it did not answer; someone who is no agent is left alone."""
    try:
        rpc_call(case, "set_presence", username, {"presence": "offline"})
    except NotFound:
        return True
    except ServiceUnavailable:
        log.warning("could not set %s offline; trying again", username)
        return False
    return True


class DeskRoutes(Routes):
    @route(
        "GET",
        "/api/desk/events",
        summary="My live stream: screen pops, call and presence events (text/event-stream)",
        tag="telephony",
        roles=STAFF,
        raw=True,
        produces="text/event-stream",
    )
    def desk_events(self, req):
        """Server-sent events. `pop`: a call rings on my extension (or names me): the
        call and the caller's 360° view (`view`, null for an unknown number), sent before
        the call is answered. `call`: any call in the company started, was answered,
        transferred or ended. `presence`: an agent became available, away or offline. A
        comment line every few seconds keeps the line open. While a stream is open its
        person is at the desk; with none open for `CRM_PRESENCE_GRACE_SECONDS` an agent is
        set offline and their open cases are handed on."""
        with self.db.transaction() as session:
            extension = session.scalar(select(User.extension).where(User.username == req.principal.username))
            desk_presence.seen(session, req.principal.username, utcnow())
        subscriber = self.pops.subscribe(req.principal.username, extension)
        db, claimed = self.db, req.principal

        last_seen = [time.monotonic()]

        def still_valid() -> bool:
            """The login stands; then, every SEEN_EVERY seconds, the desk is still here."""
            with db.read() as session:
                valid = sessions.still_valid(session, claimed, utcnow())
            if valid and time.monotonic() - last_seen[0] >= SEEN_EVERY - 0.001:
                last_seen[0] = time.monotonic()
                with db.transaction() as session:
                    desk_presence.seen(session, claimed.username, utcnow())
            return valid

        def lines():
            try:
                yield from self.pops.stream(subscriber, heartbeat=BEAT, still_valid=still_valid, recheck=BEAT)
            finally:  # the page went away: the grace period starts now
                with db.transaction() as session:
                    desk_presence.closed(session, claimed.username, utcnow())

        # Hand every event to the socket at once instead of gathering 4 KB first.
        req.request.environ["eventlet.minimum_write_chunk_size"] = 0
        response = Response(lines(), mimetype="text/event-stream")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Accel-Buffering"] = "no"
        return response

    @route(
        "GET",
        "/api/wallboard",
        summary="The wallboard: queues waiting, SLA at risk, agents' presence and load, calls now",
        tag="routing",
        roles=SUPERVISOR,
        response=WallboardOut,
    )
    def wallboard(self, req):
        """Each queue's waiting cases and the oldest wait, the open cases breached or due
        within the hour (the 50 most pressing), every agent's presence, load and current
        call, and the calls now. `cases` and `calls` are `unavailable` on their own when
        their service does not answer (`sections`). The desk keeps it live: it asks again
        on the stream's `presence` and `call` events."""
        with self.db.read() as session:
            extensions = dict(
                session.execute(
                    select(User.username, User.extension).where(User.extension.is_not(None))
                ).all()
            )
        return wallboard.compose({"case": self.case, "telephony": self.telephony}, extensions)

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

    @event_handler("case", "agent_presence_changed", handler_type=BROADCAST, reliable_delivery=False)
    def on_presence_changed(self, payload):
        """Every desk hears it: the agent's own switch, and the supervisors' wallboard."""
        self.pops.broadcast("presence", payload["data"])

    @timer(interval=BEAT)
    def hand_on_absent_agents(self):
        """Agents whose every desk has been gone for the grace period go offline, once."""
        with self.db.transaction() as session:
            gone = desk_presence.gone(session, utcnow(), GRACE)
        for username in gone:
            if not set_offline(self.case, username):
                with self.db.transaction() as session:
                    desk_presence.unclaim(session, username)

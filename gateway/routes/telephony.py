"""Telephony routes: PBX events in our format and Zammad's, and the active-calls board (T1, T2)."""

from __future__ import annotations

from crm_common.contracts.telephony import CallEventIn, CallOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import PBX
from gateway.routing import PUBLIC, route
from gateway.schemas import ZammadAck


class TelephonyRoutes(Routes):
    @route(
        "POST",
        "/api/telephony/events",
        summary="A call event from the PBX",
        tag="telephony",
        roles=PBX,
        body=CallEventIn,
        response=CallOut,
    )
    def call_event(self, req):
        """ringing / answered / transferred / hangup. Authenticate with `X-API-Key`."""
        return call(self.telephony, "handle_call_event", req.body)

    @route(
        "POST",
        "/api/telephony/cti/<token>",
        summary="Zammad-compatible generic CTI push",
        tag="telephony",
        roles=PUBLIC,
        body=ZammadAck,
        response=ZammadAck,
        form=True,
        errors=(401,),  # a wrong key in the path
    )
    def zammad_cti(self, req, token):
        """For a PBX set up for Zammad's generic CTI API: the same fields (event newCall|
        answer|hangup, from, to, direction, callId, user[], queue, cause, answeringNumber),
        form-encoded or JSON; the PBX key is the last path segment. Answers `{}`."""
        self.pbx(token)
        call(self.telephony, "handle_zammad_event", req.body)
        return {}

    @route(
        "GET",
        "/api/telephony/calls/active",
        summary="Calls ringing or in progress",
        tag="telephony",
        roles=STAFF,
        response=CallOut,
        many=True,
    )
    def active_calls(self, req):
        return call(self.telephony, "active_calls")

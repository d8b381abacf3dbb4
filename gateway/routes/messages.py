"""The log of what went out (M3), for a supervisor: to customers and to staff."""

from __future__ import annotations

from crm_common.contracts.messaging import MessageOut
from gateway.remote import call
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route


class MessagesRoutes:
    @route(
        "GET",
        "/api/messages",
        summary="Messages sent, newest first",
        tag="messaging",
        roles=SUPERVISOR,
        response=MessageOut,
        many=True,
        query={
            "recipient": "only to this address",
            "template": "only of this template",
            "status": "only queued, sending, sent, failed or no_address",
            "limit": "at most (100)",
        },
    )
    def messages(self, c):
        """Each with its status, attempts and, when it failed, why. A customer's own
        messages are also in their 360° view."""
        return call(
            self.messaging,
            "list_outgoing",
            c.args.get("recipient"),
            c.args.get("template"),
            query_limit(c.args.get("limit"), 100),
            c.args.get("status"),
        )

"""The audit trail, read by an admin; acts of the services arrive here as events."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import positive_id
from gateway import audit
from gateway import schemas as s
from gateway.routes import Routes
from gateway.routes.roles import ADMIN
from gateway.routing import query_limit, route

# Every service that records acts in its outbox as `act_recorded`.
AUDITED_SERVICES = ("customer", "order", "case", "messaging", "telephony")


def _act_handler(source: str):
    def handle(self, payload):
        with self.db.transaction() as session:
            audit.record_event(session, source, payload)

    handle.__name__ = f"act_recorded_by_{source}"
    return event_handler(source, "act_recorded")(handle)


class AuditRoutes(Routes):
    @route(
        "GET",
        "/api/audit",
        summary="The audit trail: who did what and when, newest first",
        tag="audit",
        roles=ADMIN,
        response=s.AuditPageOut,
        query={
            "customer_id": "only acts concerning this customer",
            "actor": "only acts of this username",
            "action": "only this kind of act (e.g. login_failed)",
            "cursor": "next_cursor of the previous page",
            "limit": f"at most this many (default 100, at most {audit.MAX_LIMIT})",
        },
        follows_merges=False,  # the acts are recorded under the id they concerned then
    )
    def audit_trail(self, req):
        """Append-only: nothing here changes or removes an entry. An erased customer's
        entries keep who did what and when, with their personal values blanked."""
        customer_id = req.args.get("customer_id")
        with self.db.read() as session:
            return audit.entries(
                session,
                customer_id=positive_id(customer_id, "customer_id") if customer_id else None,
                actor=req.args.get("actor") or None,
                action=req.args.get("action") or None,
                cursor=req.args.get("cursor") or None,
                limit=min(query_limit(req.args.get("limit"), 100), audit.MAX_LIMIT),
            )

    act_recorded_by_customer = _act_handler("customer")
    act_recorded_by_order = _act_handler("order")
    act_recorded_by_case = _act_handler("case")
    act_recorded_by_messaging = _act_handler("messaging")
    act_recorded_by_telephony = _act_handler("telephony")

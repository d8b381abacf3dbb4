"""Data-protection requests (GDPR art. 15 and 17): a person's data gathered from every
service into one file, and the gateway's own part of an erasure.

The export asks the customer service first (it resolves a merged-away id to the person
and says which ids were merged into it), then every other service at once, each for its
`export_customer` part. Any service that does not answer fails the whole export
(ServiceUnavailable: a 503): a file that leaves a service out must never pass for the
whole. The gateway adds its own part: the portal login (not its password hash), the
login links sent, and the audit entries concerning the person.

An erasure starts in the customer service, which records `customer_erased`; every
service erases its own part when it hears it. Here (`erase`) the portal login and the
login links go, a portal session still open ends, and the audit trail's values for the
person are blanked; the act itself is then recorded, with its reason, after the
blanking, so the trail keeps who erased whom, when and why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from gateway import audit
from gateway.models import AuditEntry, LoginFailure, LoginLink, LoginSession, User
from gateway.remote import call, gather

FORMAT = "crm-personal-data/1"
EXPORT_TIMEOUT = 30.0
# Each service's part of the file, by the name of its RPC proxy.
SERVICES = ("customer", "order", "case", "messaging", "telephony")


def gather_export(
    proxies: dict[str, Any], customer_id: int, timeout: float = EXPORT_TIMEOUT
) -> dict[str, Any]:
    """Every service's part: {"customer": ..., "order": ..., ...}. Raises NotFound (no
    such customer) and ServiceUnavailable (a service did not answer in time)."""
    parts = {"customer": call(proxies["customer"], "export_customer", customer_id, timeout=timeout)}
    person = parts["customer"]["customer"]["id"]
    others = {name: (proxies[name], "export_customer", (person,)) for name in SERVICES if name != "customer"}
    parts.update(gather(others, timeout=timeout, strict=True))
    return parts


def ids_of(parts: dict[str, Any]) -> list[int]:
    """The person's id and every id merged into it, from the customer service's part."""
    return [parts["customer"]["customer"]["id"], *(r["id"] for r in parts["customer"]["merged_records"])]


def gateway_part(session: Session, ids: list[int]) -> dict[str, Any]:
    """What the gateway itself holds: portal logins, login links, audit entries."""
    logins = session.scalars(select(User).where(User.customer_id.in_(ids)).order_by(User.id))
    links = session.scalar(select(func.count(LoginLink.id)).where(LoginLink.customer_id.in_(ids)))
    logins_made = session.scalars(
        select(LoginSession).where(LoginSession.customer_id.in_(ids)).order_by(LoginSession.id)
    )
    trail = session.scalars(select(AuditEntry).where(AuditEntry.customer_id.in_(ids)).order_by(AuditEntry.id))
    return {
        "portal_logins": [
            {"username": u.username, "role": u.role, "created_at": u.created_at} for u in logins
        ],
        "login_links_sent": links or 0,
        "portal_sessions": [
            {"created_at": x.created_at, "expires_at": x.expires_at, "revoked_at": x.revoked_at}
            for x in logins_made
        ],
        "audit_entries": [audit._dump(entry) for entry in trail],
    }


def document(parts: dict[str, Any], gateway: dict[str, Any], by: str, now: datetime) -> dict[str, Any]:
    """The file: what it is, for whom and when, then each service's part."""
    return {
        "format": FORMAT,
        "customer_id": parts["customer"]["customer"]["id"],
        "exported_at": now,
        "exported_by": by,
        "services": {**parts, "gateway": gateway},
    }


def export_audit_details(parts: dict[str, Any]) -> dict[str, Any]:
    """What the audit entry of an export says: which parts it held and how many rows."""
    return {
        "parts": sorted([*parts, "gateway"]),
        "ids": ids_of(parts),
    }


def erase(session: Session, event_id: str, data: dict[str, Any]) -> bool:
    """The gateway's part of an erasure, once per `customer_erased` event: the person's
    portal logins, login links and failed logins are deleted, their portal sessions end at
    once and name them by number, their audit entries are blanked, and the erasure is
    recorded. False when this event was handled before."""
    if session.scalar(select(AuditEntry.id).where(AuditEntry.source_event_id == event_id)):
        return False
    ids = data["customer_ids"]
    session.execute(
        update(LoginSession)
        .where(LoginSession.customer_id.in_(ids), LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    # A portal login's username is the person's e-mail address: their sessions keep it
    # no longer (named by number, as the audit trail names them), nor do failed logins.
    logins = session.scalars(select(User.username).where(User.customer_id.in_(ids), User.role == "customer"))
    typed = [name.lower() for name in logins]
    if typed:
        session.execute(delete(LoginFailure).where(func.lower(LoginFailure.username).in_(typed)))
    for customer_id in ids:
        session.execute(
            update(LoginSession)
            .where(LoginSession.customer_id == customer_id, LoginSession.role == "customer")
            .values(username=f"customer-{customer_id}")
        )
    session.execute(delete(User).where(User.customer_id.in_(ids), User.role == "customer"))
    session.execute(delete(LoginLink).where(LoginLink.customer_id.in_(ids)))
    for customer_id in ids:
        audit.erase_customer(session, customer_id)
    return audit.record_event(
        session,
        "gateway",
        {
            "event_id": event_id,
            "occurred_at": data.get("erased_at") or utcnow().isoformat(),
            "data": {
                "actor": data.get("erased_by"),
                "actor_role": "admin",
                "action": "customer_erased",
                "customer_id": data["customer_id"],
                "details": {"reason": data.get("reason"), "ids": ids},
            },
        },
    )

"""Calling services from the gateway: every call has a deadline, and several calls run at
once so a page costs the slowest call, not the sum."""

from __future__ import annotations

import eventlet
from nameko.exceptions import UnknownService

from crm_common.errors import CrmError, ServiceUnavailable

UNAVAILABLE = "unavailable"


def call(proxy, method: str, *args, timeout: float = 10.0):
    """One RPC call; ServiceUnavailable when the service does not answer in time."""
    return gather({"r": (proxy, method, args)}, timeout=timeout, strict=True)["r"]


def gather(calls: dict, timeout: float, strict: bool = False) -> dict:
    """Run {key: (proxy, method, args)} in parallel. A section whose service is down or
    late is `"unavailable"` (or raises ServiceUnavailable when `strict`); errors the
    service raised on purpose (NotFound, InvalidInput…) propagate."""
    replies = {}
    results = {}
    for key, (proxy, method, args) in calls.items():
        try:
            replies[key] = getattr(proxy, method).call_async(*args)
        except UnknownService:
            results[key] = _down(proxy, strict)
    deadline = eventlet.hubs.get_hub().clock() + timeout
    for key, reply in replies.items():
        left = max(0.0, deadline - eventlet.hubs.get_hub().clock())
        try:
            with eventlet.Timeout(left):
                results[key] = reply.result()
        except eventlet.Timeout:
            results[key] = _down(calls[key][0], strict)
        except CrmError:
            raise
    return results


def _down(proxy, strict: bool):
    if strict:
        name = getattr(proxy, "service_name", "a service")
        raise ServiceUnavailable(f"the {name} service did not answer in time; try again", {"service": name})
    return UNAVAILABLE

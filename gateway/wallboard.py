"""The supervisors' wallboard (K4, T2): the queues and the cases near or past their SLA
from the case service, every agent's presence and load beside the call they are on, and
the calls now from telephony. Asked at once, like the 360° view; a part whose service is
down says `unavailable` and the rest still shows."""

from __future__ import annotations

from typing import Any

from gateway.remote import UNAVAILABLE, gather

SECTION_TIMEOUT = 2.0


def compose(
    proxies: dict[str, Any], extensions: dict[str, str], timeout: float = SECTION_TIMEOUT
) -> dict[str, Any]:
    """proxies: {"case", "telephony"} RPC proxies; extensions: username → their phone
    extension (the gateway's users), to find the call an agent is on."""
    results = gather(
        {
            "cases": (proxies["case"], "wallboard", ()),
            "calls": (proxies["telephony"], "active_calls", ()),
        },
        timeout=timeout,
    )
    return assemble(results["cases"], results["calls"], extensions)


def assemble(cases: Any, calls: Any, extensions: dict[str, str]) -> dict[str, Any]:
    """The wallboard from the case service's part and the active calls (each an answer,
    or UNAVAILABLE)."""
    known = isinstance(cases, dict)
    call_list: list[dict[str, Any]] = calls if isinstance(calls, list) else []
    agents = (
        [_with_call(a, call_list, extensions.get(a["username"])) for a in cases["agents"]]
        if known
        else UNAVAILABLE
    )
    return {
        "queues": cases["queues"] if known else UNAVAILABLE,
        "sla": cases["sla"] if known else UNAVAILABLE,
        "agents": agents,
        "calls": calls,
        "sections": {
            k: ("unavailable" if v == UNAVAILABLE else "ok") for k, v in (("cases", cases), ("calls", calls))
        },
    }


def call_of(calls: list[dict[str, Any]], username: str, extension: str | None) -> dict[str, Any] | None:
    """The agent's call now: one on their extension, else one that names them; the
    newest when there are several."""
    mine = [
        c
        for c in calls
        if (extension and c.get("extension") == extension) or (c.get("agent") and c.get("agent") == username)
    ]
    return max(mine, key=lambda c: str(c.get("started_at") or "")) if mine else None


def _with_call(agent: dict[str, Any], calls: list[dict[str, Any]], extension: str | None) -> dict[str, Any]:
    return {**agent, "call": call_of(calls, agent["username"], extension)}

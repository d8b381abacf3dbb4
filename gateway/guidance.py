"""The business rules beside a case (K11): what the agent should know about the customer
before answering, gathered from three services at once. A section whose service is down
says `unavailable`; the rest still shows."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from gateway.remote import UNAVAILABLE, gather

SECTION_TIMEOUT = 2.0
IMPORTANCE = {"key": "key account: answer first", "major": "major customer", "standard": "", "small": ""}


def compose(
    proxies: dict[str, Any], case: dict[str, Any], timeout: float = SECTION_TIMEOUT
) -> dict[str, Any]:
    """proxies: {"customer", "order", "case"}; case: the CaseOut it is about."""
    customer_id = case["customer_id"]
    if customer_id is None:
        return {"case": _service_level(case), "customer": None, "notice": "the sender is not yet a customer"}
    results = gather(
        {
            "customer": (proxies["customer"], "get_customer", (customer_id,)),
            "credit": (proxies["order"], "credit_situation", (customer_id,)),
            "offers": (proxies["order"], "list_offers", (customer_id,)),
            "orders": (proxies["order"], "list_orders", (customer_id, 1)),
        },
        timeout=timeout,
    )
    customer = results["customer"]
    return {
        "case": _service_level(case),
        "customer": customer
        if customer == UNAVAILABLE
        else {
            "id": customer["id"],
            "name": customer["name"],
            "tier": customer["tier"],
            "importance": IMPORTANCE.get(customer["tier"], ""),
            "satisfaction": customer.get("satisfaction"),
            "categories": customer.get("categories", []),
        },
        "credit": results["credit"],
        "offers": results["offers"],
        "offer_next": _next(proxies, results["orders"], timeout),
    }


def _service_level(case: dict[str, Any]) -> dict[str, Any]:
    """The SLA in words an agent acts on: what is due when, and what was missed."""
    now = datetime.now(timezone.utc)
    due = {}
    for target in ("first_response", "next_response", "resolution"):
        moment = case.get(f"{target}_due")
        if moment and not (target == "first_response" and case.get("first_response_at")):
            minutes = (datetime.fromisoformat(moment) - now).total_seconds() / 60
            due[target] = {"due": moment, "minutes_left": round(minutes)}
    return {
        "priority": case["priority"],
        "sla_policy_id": case.get("sla_policy_id"),
        "paused": case.get("paused_at") is not None,
        "due": due,
        "breaches": case.get("breaches", []),
    }


def _next(proxies: dict[str, Any], orders: list[dict[str, Any]] | str, timeout: float) -> Any:
    """Suggestions from what the customer bought last, and the week's product (the order
    service's answer, or UNAVAILABLE)."""
    if isinstance(orders, str):  # UNAVAILABLE, the one string a section can be
        return UNAVAILABLE
    skus = [line["sku"] for line in orders[0]["lines"]] if orders else []
    return gather({"s": (proxies["order"], "suggestions", (skus,))}, timeout=timeout)["s"]

"""The 360° view (G1): one request, every service asked at once, a section per service
that says `unavailable` when its service is down instead of failing the whole view."""

from __future__ import annotations

from typing import Any

from gateway.remote import UNAVAILABLE, gather

SECTION_TIMEOUT = 2.0
# the after-sales picture's parts (services/order/after_sales.py), one RPC for them all
AFTER_SALES = ("deliveries", "returns", "refunds", "invoices", "devices", "memberships")


def compose(
    proxies: dict[str, Any], customer_id: int, timeout: float = SECTION_TIMEOUT, after_sales: bool = False
) -> dict[str, Any]:
    """proxies: {"customer", "order", "case", "messaging", "telephony"} RPC proxies.
    Raises NotFound when the customer service says there is no such customer. An id that
    was merged away shows the customer it was merged into. `after_sales`: with the parts
    of AFTER_SALES too, each its own section; a screen pop leaves them out (the desk reads
    them with the whole view once the tab is opened), so they never delay the pop."""
    results = _sections(proxies, customer_id, timeout, after_sales)
    customer = results["customer"]
    if isinstance(customer, dict) and customer["id"] != customer_id:
        results = _sections(proxies, customer["id"], timeout, after_sales)
    return _view(results)


def _sections(proxies: dict[str, Any], customer_id: int, timeout: float, after_sales: bool) -> dict[str, Any]:
    extra = {"after_sales": (proxies["order"], "after_sales", (customer_id,))} if after_sales else {}
    return gather(
        {
            "customer": (proxies["customer"], "get_customer", (customer_id,)),
            "notes": (proxies["customer"], "list_notes", (customer_id, 3)),
            "alerts": (proxies["customer"], "customer_log", (customer_id,)),
            "orders": (proxies["order"], "list_orders", (customer_id, 20)),
            "credit": (proxies["order"], "credit_situation", (customer_id,)),
            "offers": (proxies["order"], "list_offers", (customer_id,)),
            "cases": (proxies["case"], "list_cases", (customer_id, 20)),
            "messages": (proxies["messaging"], "list_messages", (customer_id, 20)),
            "calls": (proxies["telephony"], "list_calls", (customer_id, 20)),
            "prediction": (proxies["customer"], "prediction", (customer_id,)),
            **extra,
        },
        timeout=timeout,
    )


def _view(results: dict[str, Any]) -> dict[str, Any]:
    parts = _after_sales(results.pop("after_sales", None))
    customer = results["customer"]
    last_contact = _last_contact(customer, results["calls"], results["messages"])
    return {
        "customer": customer,
        "address_history": customer["address_history"] if customer != UNAVAILABLE else UNAVAILABLE,
        "last_contact": last_contact,
        "alerts": results["alerts"],
        "notes": results["notes"],
        "orders": results["orders"],
        "credit": results["credit"],
        "offers": results["offers"],
        "cases": results["cases"],
        "calls": results["calls"],
        "messages": results["messages"],
        "prediction": results["prediction"],
        **parts,
        "sections": {
            k: ("unavailable" if v == UNAVAILABLE else "ok") for k, v in {**results, **parts}.items()
        },
    }


def _after_sales(picture: object) -> dict[str, Any]:
    """The order service's after-sales picture (None: not asked for) as sections of their
    own, each {items, more} or "unavailable" when the order service is down."""
    if picture is None:
        return {}
    return {part: picture[part] if isinstance(picture, dict) else UNAVAILABLE for part in AFTER_SALES}


def _last_contact(customer: object, calls: object, messages: object) -> str | None:
    """The newest of: the customer's recorded last contact, the last call, the last message
    (each section an answer, or UNAVAILABLE)."""
    moments: list[str] = []
    if isinstance(customer, dict) and customer.get("last_contact_at"):
        moments.append(customer["last_contact_at"])
    if isinstance(calls, list) and calls:
        moments.append(calls[0]["started_at"])
    if isinstance(messages, list) and messages:
        moments.append(messages[0]["created_at"])
    return max(moments) if moments else None

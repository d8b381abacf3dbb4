"""The customer service as the order book asks it: a customer's terms (cached until the
customer changes) and a web shop's registration.

No RPC is made here: the order service passes in what asks the customer service (its
RPC proxy; a fake in tests) and its process-wide cache.
"""

from __future__ import annotations

from typing import Any, Protocol

from crm_common.errors import InvalidInput, NotFound


class CustomerService(Protocol):
    """The customer service's RPCs the order book uses."""

    def get_terms(self, customer_id: int) -> dict[str, Any]: ...

    def submit_registration(self, registration: dict[str, Any], submitted_by: str) -> dict[str, Any]: ...


class Cache(Protocol):
    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


class Customers:
    def __init__(self, service: CustomerService, cache: Cache):
        self._service = service
        self._cache = cache

    def terms(self, customer_id: int, booking: bool = True) -> dict[str, Any]:
        """The customer as the order book needs it ({id, credit_limit, discount_percent,
        erased_at, …}); a merged-away id gives the survivor. Cached until the customer
        service says the customer changed. InvalidInput (customer_id) for an unknown
        customer, and for an erased person unless `booking` is False (a read)."""
        terms: dict[str, Any] | None = self._cache.get(customer_id)
        if terms is None:
            try:
                terms = self._service.get_terms(customer_id)
            except NotFound:
                raise InvalidInput("no such customer", {"customer_id": "not found"}) from None
            self._cache.put(customer_id, terms)
        if booking and terms.get("erased_at"):
            raise InvalidInput("the customer's data was erased", {"customer_id": "erased"})
        return terms

    def register(self, web_order: dict[str, Any]) -> dict[str, Any]:
        """Register a web order's customer through the customer service's matching:
        {"status": "created" | "pending_review", "customer_id", "review_id", …}."""
        return self._service.submit_registration(
            {"customer": web_order["customer"], "source": "web_order", "reference": web_order["reference"]},
            "web shop",
        )

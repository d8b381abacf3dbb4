"""The customer service as messaging asks it: a customer's name, language and addresses
(cached until the customer changes), and the members of a saved selection a campaign
writes to, a page at a time.

No RPC is made here: the messaging service passes in what asks the customer service (its
RPC proxy; a fake in tests) and its process-wide cache. Callers ask before they open a
transaction, so no database lock waits on another service.
"""

from __future__ import annotations

from typing import Any, Protocol


class CustomerService(Protocol):
    """The customer service's RPCs messaging uses."""

    def get_customer(self, customer_id: int) -> dict[str, Any]: ...

    def selection_contacts(self, selection_id: int, limit: int, after_id: int) -> list[dict[str, Any]]: ...


class Cache(Protocol):
    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


class Contacts:
    def __init__(self, service: CustomerService, cache: Cache) -> None:
        self._service = service
        self._cache = cache

    def customer(self, customer_id: int) -> dict[str, Any]:
        """The customer as messages need them (CustomerOut: name, language, e-mails,
        phones, address), cached until the customer service says they changed."""
        found = self._cache.get(customer_id)
        if found is None:
            found = self._service.get_customer(customer_id)
            self._cache.put(customer_id, found)
        customer: dict[str, Any] = found
        return customer

    def selection_page(self, selection_id: int, limit: int, after_id: int) -> list[dict[str, Any]]:
        """Up to `limit` members of the saved selection after customer id `after_id`,
        each with what it takes to write to them (ContactOut); [] past the last."""
        return self._service.selection_contacts(selection_id, limit, after_id)

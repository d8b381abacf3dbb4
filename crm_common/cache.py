"""A bounded in-process cache of another service's answers, dropped by that service's
events.

Why: asking the customer service for the same customer's terms on every order costs an
RPC round trip in two processes. The owner's `*_updated` / `*_merged` events drop the
entry in every instance (a broadcast handler), so an answer is stale for at most the
time an event takes to arrive.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from nameko.events import BROADCAST, event_handler
from nameko.extensions import DependencyProvider


class Lru:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: object) -> Any:
        """The value put under `key` (what the owner's RPC answered), or None."""
        if key not in self._items:
            return None
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: object, value: object) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def drop(self, *keys: object) -> None:
        for key in keys:
            self._items.pop(key, None)


class ProcessCache(DependencyProvider):  # type: ignore[misc]  # nameko is untyped
    """One Lru per service container, shared by its workers."""

    def __init__(self, size: int = 10_000):
        self.size = size

    def setup(self) -> None:
        self.cache = Lru(self.size)

    def get_dependency(self, worker_ctx: Any) -> Lru:
        return self.cache


Handler = TypeVar("Handler", bound=Callable[..., None])


def _to_every_instance(event_type: str) -> Callable[[Handler], Handler]:
    """nameko's event_handler for the customer service's `event_type`, delivered to each
    instance (broadcast); nameko gives back the method itself."""
    decorate: Callable[[Handler], Handler] = event_handler(
        "customer", event_type, handler_type=BROADCAST, reliable_delivery=False
    )
    return decorate


class ForgetsChangedCustomers:
    """Mix into a service that caches what the customer service answers about a customer
    (in `self.customer_cache`, keyed by customer id): every instance drops the entry when
    the customer is updated, merged or erased."""

    customer_cache = ProcessCache()

    @_to_every_instance("customer_updated")
    def forget_updated_customer(self, payload: dict[str, Any]) -> None:
        self.customer_cache.drop(payload["data"]["customer_id"])

    @_to_every_instance("customer_merged")
    def forget_merged_customer(self, payload: dict[str, Any]) -> None:
        self.customer_cache.drop(payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @_to_every_instance("customer_erased")
    def forget_erased_customer(self, payload: dict[str, Any]) -> None:
        """An erased person's name and addresses must not outlive the erasure here."""
        self.customer_cache.drop(*payload["data"]["customer_ids"])

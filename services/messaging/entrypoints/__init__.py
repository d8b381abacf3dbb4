"""The messaging service's entrypoints, one class per area: what events send
(event_reactions), sending (M5), templates and event rules (M1, M2), opt-outs (M3),
campaigns (M4), documents (M6) and personal data (GDPR). service.py joins them into
MessagingService.

nameko finds a service's entrypoints and dependency providers on the service class
(inspect.getmembers), so the methods of these classes are MessagingService's once it
inherits them. The dependency providers are declared there, once, with their values.
MessagingEntrypoints only annotates them, with what a worker sees (what each provider's
get_dependency gives), so the type checker knows `self.db` in every area: a value here
would declare a second provider."""

from __future__ import annotations

from crm_common.acting import Acting
from crm_common.cache import ProcessCache
from crm_common.config import load_settings
from crm_common.storage import UnitOfWork
from services.messaging.contacts import Contacts, CustomerService

SETTINGS = load_settings()  # read once, at import: the timers' intervals are fixed with the class


class MessagingEntrypoints:
    """What every area's entrypoints use: the service's dependencies, by annotation only
    (their providers are in service.py), and the customer service as messaging asks it."""

    db: UnitOfWork
    customers: CustomerService
    # Its provider is crm_common.cache.ForgetsChangedCustomers's, and it must be typed
    # the same: a worker sees the provider's Lru, which mypy cannot tell (nameko is untyped).
    customer_cache: ProcessCache
    actor: Acting

    @property
    def _contacts(self) -> Contacts:
        """Name and addresses from the customer service, cached until the customer changes."""
        return Contacts(self.customers, self.customer_cache)

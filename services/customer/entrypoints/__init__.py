"""The customer service's entrypoints, one class per area, each joined into CustomerService
(services/customer/service.py, which lists them).

Why a base class: nameko finds a service's entrypoints and dependency providers on its
class (inspect.getmembers), so the areas are mixins of CustomerService and inherit their
entrypoints into it, while the providers (db, actor, relay) are declared there, once. The
areas still use them as `self.db` and `self.actor`: `CustomerEntrypoints` declares them by
annotation only, without a value, so the type checker knows what a worker gets and nameko
sees no second provider.
"""

from __future__ import annotations

from crm_common.acting import Acting
from crm_common.config import load_settings
from crm_common.storage import UnitOfWork


class CustomerEntrypoints:
    """What a CustomerService worker has (its providers are declared in service.py)."""

    db: UnitOfWork
    actor: Acting

    @staticmethod
    def _region() -> str:
        """Where a number or an address without a country is read (CRM_DEFAULT_REGION)."""
        return load_settings().default_region

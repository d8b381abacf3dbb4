"""Who a call acts for, carried from the gateway to every service it calls.

Why: the audit trail must say which person changed a customer, and the change happens in
a service, several hops from the login. nameko copies a worker's context data into the
headers of every RPC it makes, and the called worker gets it back, so the gateway puts
the logged-in principal there once (`ActingFor`) and a service reads it (`Actor`).
The value is as trustworthy as the RPC itself: whoever may publish to the bus may say
anything here (see the README on what an RPC caller is trusted with).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nameko.extensions import DependencyProvider

USER_KEY = "crm_actor"
ROLE_KEY = "crm_actor_role"


@dataclass(frozen=True)
class Acting:
    """The person (or system) a call is made for; both None for the system itself."""

    username: str | None = None
    role: str | None = None

    def as_event(self) -> dict[str, str | None]:
        return {"actor": self.username, "actor_role": self.role}


SYSTEM = Acting()


class ActingFor(DependencyProvider):  # type: ignore[misc]  # nameko is untyped
    """In the gateway: `self.acting_for(username, role)` marks the worker's later RPCs."""

    def get_dependency(self, worker_ctx: Any) -> Callable[[str | None, str | None], None]:
        def mark(username: str | None, role: str | None) -> None:
            worker_ctx.data[USER_KEY] = username or ""
            worker_ctx.data[ROLE_KEY] = role or ""

        return mark


class Actor(DependencyProvider):  # type: ignore[misc]  # nameko is untyped
    """In a service: `self.actor` is the Acting the caller named (SYSTEM when none)."""

    def get_dependency(self, worker_ctx: Any) -> Acting:
        return Acting(worker_ctx.data.get(USER_KEY) or None, worker_ctx.data.get(ROLE_KEY) or None)

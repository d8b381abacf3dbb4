"""A customer id that was merged away (C7) stands for the survivor everywhere in the
gateway: in a route's path (`/api/customers/<id>/...`) and in a portal customer's login.

Why here, once: the other services re-point their rows to the survivor when they hear
`customer_merged`, so a list asked for by the old id would come back empty. Every route
with a `customer_id` in its path or query goes through `route` (gateway/routing.py), which asks
this module for the id to use before the route (and its access rules) sees it: reads
answer the survivor's data, writes act on the survivor. A route that must not follow
(an erasure names exactly whom it erases; the audit trail's filter finds the acts
recorded under the id) says `follows_merges=False`.

The answer of the customer service (`current_customer_id`) is kept in the gateway's
process cache, which drops an id when the customer is updated, merged or erased
(crm_common.cache.ForgetsChangedCustomers), so an id costs one RPC per process.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.orm import Session

from crm_common.errors import NotFound, ServiceUnavailable
from gateway.auth import Principal
from gateway.models import LoginLink, LoginSession, User
from gateway.remote import call

LOOKUP_TIMEOUT = 2.0
MAX_HOPS = 10  # a merge chain is a few hops at most; merges cannot form a cycle


class Cache(Protocol):
    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


def survivor(customers: object, cache: Cache, customer_id: int) -> int:
    """The id `customer_id` stands for now. An unknown id stays as it is (the route
    answers for it as it always did; kept so: should it be made and merged away later,
    the merge drops it), and so does any id while the customer service does not answer:
    the route then shows what the other services hold under it."""
    current = customer_id
    for _ in range(MAX_HOPS):
        known = cache.get(current)
        if known is None:
            try:
                known = call(customers, "current_customer_id", current, timeout=LOOKUP_TIMEOUT)
            except NotFound:
                known = current
            except ServiceUnavailable:
                return current
            cache.put(current, known)
        if known == current:
            return current
        current = known  # a cached hop may be old: the survivor may have been merged since
    return current


def follow_path(customers: object, cache: Cache, params: dict[str, Any]) -> dict[str, Any]:
    """The route's path parameters with a merged-away `customer_id` replaced by the
    survivor's."""
    customer_id = params.get("customer_id")
    if not isinstance(customer_id, int):
        return params
    return {**params, "customer_id": survivor(customers, cache, customer_id)}


def follow_query(customers: object, cache: Cache, args: dict[str, str]) -> dict[str, str]:
    """The query arguments with a merged-away `customer_id` (`?customer_id=`, e.g. the
    mail register's) replaced by the survivor's; anything else is the route's to check."""
    value = args.get("customer_id", "")
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        return args
    return {**args, "customer_id": str(survivor(customers, cache, int(value)))}


def follow_login(customers: object, cache: Cache, principal: Principal | None) -> Principal | None:
    """A portal customer whose record was merged into another is that other customer:
    their logins, sessions and login links work on, and show the survivor's portal."""
    if principal is None or principal.role != "customer" or principal.customer_id is None:
        return principal
    current = survivor(customers, cache, principal.customer_id)
    return principal if current == principal.customer_id else replace(principal, customer_id=current)


def repoint_logins(session: Session, merged_id: int, survivor_id: int) -> None:
    """On `customer_merged`: the merged customer's portal logins, sessions and unused
    login links are the survivor's from now on (so an address check or a password change
    of the survivor finds them too). Doing it twice changes nothing."""
    for model in (User, LoginSession, LoginLink):
        session.execute(update(model).where(model.customer_id == merged_id).values(customer_id=survivor_id))

"""The gateway's routes, one module per area; GatewayService inherits them all."""

from __future__ import annotations

from crm_common.storage import UnitOfWork


class Routes:
    """What every area's routes use: the gateway's dependencies, by annotation only, for
    the type checker. Their providers are declared once, with their values, on
    GatewayService (gateway/service.py); a value here would declare a second provider."""

    db: UnitOfWork
    # nameko's RPC proxies, which are untyped: a route calls one through
    # gateway.remote.call(self.case, "get_case", case_id), which names the method
    customer: object
    order: object
    case: object
    messaging: object
    telephony: object

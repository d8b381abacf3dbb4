"""The order service's entrypoints, one module per area: each area is a class of
entrypoints that OrderService (service.py) joins.

- products: the catalogue, stock arriving, product of the week, suggestions, delivery methods
- ordering: order entry, approval, cancelling, reading orders
- web_orders: a web shop's order and its customer's review
- offers: offers to a customer or everyone
- invoicing: payments, shipping (which invoices), invoices, the credit situation
- returns: goods coming back and refunds
- after_sales: the after-sales picture (deliveries, returns, refunds, invoices, devices,
  memberships), and deliveries and returns a page at a time
- quotes: exchange rates and quotes
- servicing: devices and service jobs
- memberships: club and subscription plans and their members
- statistics: sales, recurring revenue, invoices due and sent, the purchase history
- personal_data: a customer merged, exported or erased
"""

from __future__ import annotations

from crm_common.acting import Acting
from crm_common.cache import ProcessCache
from crm_common.config import load_settings
from crm_common.storage import UnitOfWork
from services.order.customers import Customers, CustomerService
from services.order.rules import OrderRules


class OrderEntrypoints:
    """The base of every area's entrypoints: the dependencies they use, by annotation only.

    Why no values here: nameko finds a service's entrypoints and dependency providers with
    inspect.getmembers on the service class, so a provider is a class attribute with a
    value, and each is declared once, on OrderService in service.py. An annotation without
    a value makes no class attribute; it only tells the type checker what a worker holds
    under that name (the provider's get_dependency answer)."""

    db: UnitOfWork
    customers: CustomerService  # RpcProxy("customer"): the customer service's RPCs
    # declared with its provider by ForgetsChangedCustomers (a worker holds its Lru); the
    # same type here, as a class joining both must see one
    customer_cache: ProcessCache
    actor: Acting

    def _rules(self) -> OrderRules:
        return OrderRules.of(load_settings())

    def _customers(self) -> Customers:
        return Customers(self.customers, self.customer_cache)

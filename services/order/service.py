"""The order service: the catalogue, order entry, and the money after the order.

This is its table of contents. The entrypoints live in services/order/entrypoints/, one
class per area, joined here; each parses its input with a contract, calls one use case
of the domain module named for its area, and dumps the answer:

- ProductsEntrypoints (products.py): products, stock, product of the week, suggestions,
  delivery methods (O1)
- OrderingEntrypoints (ordering.py): preview, place, approve, cancel, read orders (O2–O5)
- WebOrdersEntrypoints (web_orders.py): a web shop's order and its customer's review
- OffersEntrypoints (offers.py): offers to a customer or everyone (O4)
- InvoicingEntrypoints (invoicing.py): payments, shipping, invoices, credit (O6)
- ReturnsEntrypoints (returns.py): returned goods and refunds (O6)
- AfterSalesEntrypoints (after_sales.py): deliveries with tracking links, returns and
  the rest of the after-sales picture for the 360° view
- QuotesEntrypoints (quotes.py): exchange rates and quotes (O7)
- ServicingEntrypoints (servicing.py): devices and service jobs (O8)
- MembershipsEntrypoints (memberships.py): club and subscription plans (O9)
- StatisticsEntrypoints (statistics.py): sales, recurring revenue, invoices due (O9, O10)
- PersonalDataEntrypoints (personal_data.py): a customer merged, exported, erased (C7)

The dependencies are declared once, here. The customer service is asked through
customers.py, never inside a transaction; the rules come from the settings (rules.py).
"""

from __future__ import annotations

from nameko.rpc import RpcProxy

from crm_common.acting import Actor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.health import Pingable
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.order.entrypoints.after_sales import AfterSalesEntrypoints
from services.order.entrypoints.invoicing import InvoicingEntrypoints
from services.order.entrypoints.memberships import MembershipsEntrypoints
from services.order.entrypoints.offers import OffersEntrypoints
from services.order.entrypoints.ordering import OrderingEntrypoints
from services.order.entrypoints.personal_data import PersonalDataEntrypoints
from services.order.entrypoints.products import ProductsEntrypoints
from services.order.entrypoints.quotes import QuotesEntrypoints
from services.order.entrypoints.returns import ReturnsEntrypoints
from services.order.entrypoints.servicing import ServicingEntrypoints
from services.order.entrypoints.statistics import StatisticsEntrypoints
from services.order.entrypoints.web_orders import WebOrdersEntrypoints
from services.order.models import OutboxMessage


class OrderService(
    ForgetsChangedCustomers,
    Pingable,
    ProductsEntrypoints,
    OrderingEntrypoints,
    WebOrdersEntrypoints,
    OffersEntrypoints,
    InvoicingEntrypoints,
    ReturnsEntrypoints,
    AfterSalesEntrypoints,
    QuotesEntrypoints,
    ServicingEntrypoints,
    MembershipsEntrypoints,
    StatisticsEntrypoints,
    PersonalDataEntrypoints,
):
    name = "order"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

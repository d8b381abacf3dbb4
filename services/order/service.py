"""Order service entrypoints: the catalogue, order entry, and the money after the order.

Each entrypoint parses its input, calls one use case of the module named for its area,
and answers. The customer service is asked through customers.py (`self._customers()`),
never inside a transaction; the rules come from the settings (rules.py).
"""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common import months
from crm_common.acting import Actor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.deliveries import DeliveryIn
from crm_common.contracts.order.exchange_rates import ExchangeRateIn, ExchangeRateOut
from crm_common.contracts.order.invoices import InvoiceOut, PaymentIn
from crm_common.contracts.order.memberships import JoinIn, LeaveIn, PlanIn, PlanOut
from crm_common.contracts.order.offers import OfferCreate, OfferOut
from crm_common.contracts.order.orders import ApprovalIn, OrderCreate, OrderOut, OrderPreviewIn
from crm_common.contracts.order.products import (
    DeliveryMethodIn,
    DeliveryMethodOut,
    ProductCreate,
    ProductOut,
    ProductUpdate,
    WeekProductIn,
)
from crm_common.contracts.order.quotes import AcceptIn, QuoteIn
from crm_common.contracts.order.returns import RefundOut, ReturnIn
from crm_common.contracts.order.servicing import DeviceIn, ServiceJobDone, ServiceJobIn
from crm_common.contracts.order.statistics import ProductSalesOut, RecurringRevenueOut, SellerSalesOut
from crm_common.contracts.order.stock import StockReceived
from crm_common.contracts.order.web_orders import WebOrderIn
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from crm_common.health import Pingable
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.order import (
    catalogue,
    credit,
    exchange,
    fulfilment,
    invoicing,
    memberships,
    merges,
    offers,
    ordering,
    personal_data,
    quoting,
    restocking,
    returns,
    servicing,
    statistics,
    upsell,
    web_orders,
)
from services.order.customers import Customers
from services.order.models import OutboxMessage, ProcessedEvent
from services.order.rules import OrderRules


class OrderService(ForgetsChangedCustomers, Pingable):
    name = "order"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

    def _rules(self) -> OrderRules:
        return OrderRules.of(load_settings())

    def _customers(self) -> Customers:
        return Customers(self.customers, self.customer_cache)

    # -- the catalogue (O1): catalogue.py, restocking.py, upsell.py ----------------------

    @rpc
    def create_product(self, data: dict) -> dict:
        """Add a product (ProductCreate). Returns ProductOut. Raises InvalidInput, Conflict
        (sku taken)."""
        valid = load(ProductCreate, data)
        with self.db.transaction() as session:
            return dump(ProductOut, catalogue.create_product(session, valid))

    @rpc
    def update_product(self, sku: str, changes: dict) -> dict:
        """Change a product (ProductUpdate). A later restock date moves the expected date
        of every order line waiting for it and emits `delivery_delayed` per order."""
        valid = load(ProductUpdate, changes)
        with self.db.transaction() as session:
            return dump(ProductOut, restocking.change_product(session, sku, valid))

    @rpc
    def list_products(self, group: str | None = None) -> list[dict]:
        """All products (or one product group) with stock, reserved and restock (ProductOut)."""
        with self.db.read() as session:
            return dump(ProductOut, catalogue.list_products(session, group), many=True)

    @rpc
    def receive_stock(self, sku: str, data: dict) -> dict:
        """Goods arrived (StockReceived): on the shelf, and to the waiting order lines
        first, oldest order first. Returns ProductOut and the order ids that got goods."""
        valid = load(StockReceived, data)
        with self.db.transaction() as session:
            return restocking.goods_arrived(session, sku, valid["quantity"])

    @rpc
    def set_week_product(self, data: dict) -> dict:
        """Make a product the product of the week (WeekProductIn)."""
        valid = load(WeekProductIn, data)
        week_of = valid.get("week_of") or self._rules().today()
        with self.db.transaction() as session:
            row = catalogue.set_week_product(session, valid["sku"], week_of)
            return {"week_start": row.week_start.isoformat(), "sku": valid["sku"]}

    @rpc
    def suggestions(self, skus: list[str]) -> dict:
        """Upsell for a basket: bought together with it by other customers, and the
        product of the week (SuggestionsOut)."""
        if not isinstance(skus, list) or not all(isinstance(x, str) for x in skus):
            raise InvalidInput("skus must be a list of strings", {"sku": "not a list of skus"})
        with self.db.read() as session:
            return upsell.suggested(session, skus[:50], self._rules().today())

    @rpc
    def create_delivery_method(self, data: dict) -> dict:
        """Add a delivery method with its price (DeliveryMethodIn). Raises Conflict."""
        valid = load(DeliveryMethodIn, data)
        with self.db.transaction() as session:
            method = catalogue.create_delivery_method(session, valid, self._rules().currency)
            return dump(DeliveryMethodOut, method)

    @rpc
    def list_delivery_methods(self) -> list[dict]:
        with self.db.read() as session:
            return dump(DeliveryMethodOut, catalogue.delivery_methods(session), many=True)

    # -- order entry (O2–O5): ordering.py, drafting.py, web_orders.py ---------------------

    @rpc
    def preview_order(self, data: dict) -> dict:
        """What placing the order would answer, writing nothing (OrderPreviewIn →
        OrderPreviewOut, with upsell suggestions)."""
        valid = load(OrderPreviewIn, data)
        customer = self._customers().terms(valid["customer_id"]) if valid.get("customer_id") else None
        with self.db.read() as session:
            return ordering.preview_order(session, customer, valid, self._rules())

    @rpc
    def place_order(self, data: dict, seller: str | None = None) -> dict:
        """Book an order (OrderCreate) with the customer's offers and discount, stock
        reserved per line, prepayment and credit rules (ordering.py). Returns OrderOut.
        Raises InvalidInput. Emits `order_placed`."""
        valid = load(OrderCreate, data)
        customer = self._customers().terms(valid["customer_id"])
        with self.db.transaction() as session:
            return ordering.place(session, customer, valid, self._rules(), seller)

    @rpc
    def place_web_order(self, data: dict) -> dict:
        """A web shop's order (WebOrderIn), placed or held for its customer's review
        (web_orders.py). Returns OrderOut. Raises InvalidInput (the customer's fields under
        "customer."), Forbidden (the shop naming another's customer). Emits `order_placed`."""
        valid = load(WebOrderIn, data)
        return web_orders.place(self.db, self._customers(), self.actor.role, valid, self._rules())

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload):
        """A held web order goes ahead for the customer the review let in, or is cancelled."""
        web_orders.review_decided(self.db, self._customers(), payload, self._rules())

    @rpc
    def cancel_order(self, order_id: int, by: str | None = None) -> dict:
        """Cancel an order nothing of which has shipped; its reserved stock and limited
        offers are given back. Raises NotFound, Conflict. Emits `order_cancelled`."""
        with self.db.transaction() as session:
            return ordering.cancel_order(session, positive_id(order_id, "order_id"), by)

    @rpc
    def decide_approval(self, order_id: int, data: dict, by: str) -> dict:
        """A supervisor lets an order over the credit limit go ahead, or cancels it
        (ApprovalIn). Raises NotFound, Conflict (not awaiting approval)."""
        valid = load(ApprovalIn, data)
        with self.db.transaction() as session:
            return ordering.decide(session, positive_id(order_id, "order_id"), valid["approved"], by)

    @rpc
    def get_order(self, order_id: int) -> dict:
        """One order with its lines, discounts and alternatives (OrderOut). Raises NotFound."""
        with self.db.read() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"))
            return ordering.with_alternatives(session, order)

    @rpc
    def list_orders(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's orders, newest first (OrderOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(OrderOut, ordering.orders_of(session, customer_id, min(int(limit), 500)), many=True)

    # -- offers (O4): offers.py ----------------------------------------------------------

    @rpc
    def make_offer(self, data: dict) -> dict:
        """An offer to one customer or everyone (OfferCreate). Returns OfferOut. Raises
        InvalidInput (past the ceiling: value), Forbidden (to everyone from an agent).
        Emits `offer_made`, and the act."""
        valid = load(OfferCreate, data)
        return offers.give(self.db, self._customers().terms, self.actor, valid, load_settings())

    @rpc
    def list_offers(self, customer_id: int) -> list[dict]:
        """Offers made to this customer, newest first (OfferOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(OfferOut, offers.offers_of(session, customer_id), many=True)

    # -- after the order (O6): invoicing.py, fulfilment.py, returns.py, credit.py --------

    @rpc
    def pay_order(self, order_id: int, data: dict, by: str | None = None) -> dict:
        """A payment in advance (PaymentIn); paid in full, the order may ship. Raises
        NotFound, Conflict (not paid in advance). Emits `payment_received`."""
        valid = load(PaymentIn, data)
        with self.db.transaction() as session:
            return invoicing.pay_in_advance(session, positive_id(order_id, "order_id"), valid, by)

    @rpc
    def ship_order(self, order_id: int, data: dict) -> dict:
        """Ship what is in stock (DeliveryIn) and invoice it. Raises NotFound, Conflict
        (unpaid, unapproved, nothing in stock, one parcel wanted), InvalidInput. Emits `order_shipped`."""
        valid = load(DeliveryIn, data)
        with self.db.transaction() as session:
            return fulfilment.ship_order(session, positive_id(order_id, "order_id"), valid, self._rules())

    @rpc
    def list_invoices(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's invoices and credit notes, newest first (InvoiceOut list)."""
        customer_id = positive_id(customer_id, "customer_id")
        limit = min(int(limit), 500)
        with self.db.read() as session:
            return dump(InvoiceOut, invoicing.invoices_of(session, customer_id, limit), many=True)

    @rpc
    def get_invoice(self, invoice_id: int) -> dict:
        with self.db.read() as session:
            return dump(InvoiceOut, invoicing.get_invoice(session, positive_id(invoice_id, "invoice_id")))

    @rpc
    def pay_invoice(self, invoice_id: int, data: dict, by: str | None = None) -> dict:
        """Register a payment of an invoice (PaymentIn); more than owed becomes a pending
        refund. Emits `payment_received`."""
        valid = load(PaymentIn, data)
        with self.db.transaction() as session:
            return invoicing.register_payment(session, positive_id(invoice_id, "invoice_id"), valid, by)

    @rpc
    def return_goods(self, order_id: int, data: dict) -> dict:
        """Goods came back (ReturnIn): on the shelf unless unfit, a credit note, and a
        refund of what was already paid. Returns ReturnOut. Emits `return_received`."""
        valid = load(ReturnIn, data)
        with self.db.transaction() as session:
            return returns.take_back(session, positive_id(order_id, "order_id"), valid, self._rules().today())

    @rpc
    def pay_refund(self, refund_id: int, by: str | None = None) -> dict:
        """Mark a refund paid out. Raises NotFound, Conflict (paid already). Emits `refund_paid`."""
        with self.db.transaction() as session:
            return returns.pay_out(session, positive_id(refund_id, "refund_id"), by)

    @rpc
    def list_refunds(self, customer_id: int) -> list[dict]:
        customer_id = positive_id(customer_id, "customer_id")
        with self.db.read() as session:
            return dump(RefundOut, returns.refunds_of(session, customer_id), many=True)

    @rpc
    def credit_situation(self, customer_id: int) -> dict:
        """Credit limit, open balance, overdue by age, what is on order on credit, and
        what is left (CreditOut)."""
        customer = self._customers().terms(positive_id(customer_id, "customer_id"), booking=False)
        rules = self._rules()
        with self.db.read() as session:
            return dump(CreditOut, credit.situation(session, customer, rules, rules.today()))

    # -- memberships and subscriptions (O9): memberships.py --------------------------------

    @rpc
    def create_plan(self, data: dict) -> dict:
        """A club or subscription plan (PlanIn). Raises Conflict (code taken)."""
        valid = load(PlanIn, data)
        with self.db.transaction() as session:
            return dump(PlanOut, memberships.create_plan(session, valid))

    @rpc
    def list_plans(self) -> list[dict]:
        with self.db.read() as session:
            return dump(PlanOut, memberships.plans(session), many=True)

    @rpc
    def join_plan(self, customer_id: int, data: dict) -> dict:
        """The customer joins a club or subscribes (JoinIn). Raises InvalidInput (no such
        plan or customer), Conflict (already a member). Emits `membership_started`."""
        valid = load(JoinIn, data)
        customer = self._customers().terms(positive_id(customer_id, "customer_id"))
        with self.db.transaction() as session:
            return memberships.start(session, customer["id"], valid["plan"], self._rules().today())

    @rpc
    def leave_membership(self, membership_id: int, data: dict) -> dict:
        """The customer leaves (LeaveIn); messaging confirms it to them. Raises NotFound,
        Conflict (ended already). Emits `membership_ended`."""
        valid = load(LeaveIn, data)
        membership_id = positive_id(membership_id, "membership_id")
        with self.db.transaction() as session:
            return memberships.end(session, membership_id, self._rules().today(), valid["reason"])

    @rpc
    def list_memberships(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            found = memberships.memberships_of(session, positive_id(customer_id, "customer_id"))
            return [memberships.described(m, plan) for m, plan in found]

    # -- quotes and exchange rates (O7): quoting.py, exchange.py ---------------------------

    @rpc
    def set_exchange_rate(self, currency: str, data: dict, by: str | None = None) -> dict:
        """Store what one unit of `currency` is worth in the base currency (ExchangeRateIn).
        Raises InvalidInput (not a currency code, the base currency)."""
        valid = load(ExchangeRateIn, data, currency=currency)
        with self.db.transaction() as session:
            row = exchange.set_rate(session, valid["currency"], valid["rate"], by, self._rules())
            return dump(ExchangeRateOut, row)

    @rpc
    def list_exchange_rates(self) -> list[dict]:
        with self.db.read() as session:
            return dump(ExchangeRateOut, exchange.rates(session), many=True)

    @rpc
    def make_quote(self, data: dict, by: str | None = None) -> dict:
        """A quote with variants in the customer's currency at the stored rate (QuoteIn).
        Raises InvalidInput (unknown product, no rate). Emits `quote_made`."""
        valid = load(QuoteIn, data)
        customer = self._customers().terms(valid["customer_id"])
        with self.db.transaction() as session:
            return quoting.make(session, customer["id"], valid, by, self._rules())

    @rpc
    def get_quote(self, quote_id: int) -> dict:
        """One quote with its variants (QuoteOut). Raises NotFound."""
        with self.db.read() as session:
            found = quoting.get_quote(session, positive_id(quote_id, "quote_id"))
            return quoting.described(found, self._rules().today())

    @rpc
    def list_quotes(self, customer_id: int) -> list[dict]:
        today = self._rules().today()
        with self.db.read() as session:
            found = quoting.quotes_of(session, positive_id(customer_id, "customer_id"))
            return [quoting.described(q, today) for q in found]

    @rpc
    def accept_quote(self, quote_id: int, data: dict, by: str | None = None) -> dict:
        """The customer takes one variant (AcceptIn): an order at the quoted prices. Raises
        NotFound, Conflict (expired, declined or accepted), InvalidInput. Emits `order_placed`."""
        valid = load(AcceptIn, data)
        quote_id = positive_id(quote_id, "quote_id")
        return quoting.accept(self.db, self._customers().terms, quote_id, valid["variant"], self._rules(), by)

    @rpc
    def decline_quote(self, quote_id: int) -> dict:
        """The customer said no. Raises NotFound, Conflict (not open)."""
        quote_id, today = positive_id(quote_id, "quote_id"), self._rules().today()
        with self.db.transaction() as session:
            return quoting.described(quoting.decline(session, quote_id, today), today)

    # -- service and complaints (O8): servicing.py -----------------------------------------

    @rpc
    def register_device(self, data: dict) -> dict:
        """A product sold with a serial number (DeviceIn); warranty from the months given
        or an end date. Raises InvalidInput, Conflict (serial registered)."""
        valid = load(DeviceIn, data)
        customer = self._customers().terms(valid["customer_id"])
        with self.db.transaction() as session:
            device = servicing.register_device(session, customer["id"], valid)
            return servicing.described(device, [], self._rules().today())

    @rpc
    def get_device(self, serial: str) -> dict:
        """The device by serial number with every service job, their costs and what the
        customer paid (DeviceOut). Raises NotFound."""
        with self.db.read() as session:
            found = servicing.device_by_serial(session, str(serial))
            return servicing.described(found, servicing.history(session, found), self._rules().today())

    @rpc
    def list_devices(self, customer_id: int) -> list[dict]:
        today = self._rules().today()
        with self.db.read() as session:
            found = servicing.devices_of(session, positive_id(customer_id, "customer_id"))
            return [
                servicing.described(device, servicing.history(session, device), today) for device in found
            ]

    @rpc
    def open_service_job(self, serial: str, data: dict) -> dict:
        """Register work on a device (ServiceJobIn), free under warranty unless the
        customer caused the damage. Emits `service_job_opened`."""
        valid = load(ServiceJobIn, data)
        with self.db.transaction() as session:
            return servicing.open_service_job(session, str(serial), valid, self._rules())

    @rpc
    def finish_service_job(self, job_id: int, data: dict) -> dict:
        """The job is done, with its final costs (ServiceJobDone). Raises NotFound,
        Conflict. Emits `service_job_done`."""
        valid = load(ServiceJobDone, data)
        with self.db.transaction() as session:
            return servicing.finish_service_job(session, positive_id(job_id, "job_id"), valid, self._rules())

    # -- statistics (O9, O10): statistics.py, memberships.py -------------------------------

    @rpc
    def purchase_history(self, after_order_id: int = 0, limit: int = 1000) -> list[dict]:
        """Orders bought after `after_order_id`, oldest first, as `order_placed` told them
        (for rebuilding another service's read model; statistics.purchase_history)."""
        with self.db.read() as session:
            return statistics.purchase_history(session, int(after_order_id), min(int(limit), 5000))

    @rpc
    def recurring_revenue(self, period: dict) -> list[dict]:
        """Members and monthly recurring revenue per plan and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            found = memberships.recurring_revenue(session, first, last)
            return dump(RecurringRevenueOut, found, many=True)

    @rpc
    def sales_by_product(self, period: dict) -> list[dict]:
        """Quantity, orders and revenue per product and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return dump(ProductSalesOut, statistics.sales_by_product(session, first, last), many=True)

    @rpc
    def sales_by_seller(self, period: dict) -> list[dict]:
        """Orders and revenue per seller and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return dump(SellerSalesOut, statistics.sales_by_seller(session, first, last), many=True)

    @rpc
    def invoices_due(self, within_days: int = 7) -> list[dict]:
        """Open invoices due within the days given, and the overdue ones (InvoiceOut)."""
        days, today = min(positive_id(within_days, "within_days"), 366), self._rules().today()
        with self.db.read() as session:
            return dump(InvoiceOut, statistics.invoices_due(session, today, days), many=True)

    @rpc
    def invoices_sent(self, days: int = 7) -> list[dict]:
        """Invoices and credit notes issued in the last days given (InvoiceOut)."""
        days, today = min(positive_id(days, "days"), 366), self._rules().today()
        with self.db.read() as session:
            return dump(InvoiceOut, statistics.invoices_sent(session, today, days), many=True)

    # -- the customer register's changes: merges.py, personal_data.py (GDPR art. 15, 17) ---

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """Everything the merged customer had here now belongs to the survivor (C7)."""
        merges.follow(session, payload["data"]["merged_id"], payload["data"]["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the order book holds on a customer, with the credit situation
        (GDPR art. 15; personal_data.py)."""
        customer_id = positive_id(customer_id, "customer_id")
        terms = self._customers().terms(customer_id, booking=False)
        with self.db.read() as session:
            return personal_data.export_customer(session, terms, [customer_id], self._rules())

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """Orders, invoices and payments stay with their amounts, dates and numbers; the
        free texts that may name the person go (personal_data.erase)."""
        personal_data.erase(session, payload["data"]["customer_ids"])

"""Order service entrypoints: the catalogue, order entry, and the money after the order."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common import months
from crm_common.acting import Actor
from crm_common.audit import changes, record_act
from crm_common.cache import ForgetsChangedCustomers
from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import Forbidden, InvalidInput, NotFound
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import claim, handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.order import (
    catalogue,
    credit,
    exchange,
    fulfilment,
    invoicing,
    memberships,
    offers,
    ordering,
    personal_data,
    quoting,
    returns,
    servicing,
    statistics,
    upsell,
)
from services.order import schemas as s
from services.order.models import (
    Delivery,
    Device,
    Invoice,
    Membership,
    Offer,
    Order,
    OutboxMessage,
    Payment,
    ProcessedEvent,
    Quote,
    Refund,
    Return,
    ServiceJob,
)
from services.order.rules import OrderRules

FOLLOW_THE_CUSTOMER = (
    Order,
    Offer,
    Invoice,
    Payment,
    Delivery,
    Return,
    Refund,
    Membership,
    Device,
    ServiceJob,
    Quote,
)


class OrderService(ForgetsChangedCustomers, Pingable):
    name = "order"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

    def _rules(self) -> OrderRules:
        return OrderRules.of(load_settings())

    # -- the catalogue (O1) -------------------------------------------------------------

    @rpc
    def create_product(self, data: dict) -> dict:
        """Add a product (ProductCreate). Returns ProductOut. Raises InvalidInput, Conflict
        (sku taken)."""
        valid = load(s.product_create, data)
        with self.db.transaction() as session:
            return s.product_out.dump(catalogue.create_product(session, valid))

    @rpc
    def update_product(self, sku: str, changes: dict) -> dict:
        """Change a product (ProductUpdate). A later restock date moves the expected date
        of every order line waiting for it and emits `delivery_delayed` per order."""
        valid = load(s.product_update, changes)
        with self.db.transaction() as session:
            product = catalogue.update_product(session, sku, valid)
            if "restock_date" in valid:
                for order, lines, previous in ordering.reschedule(session, product):
                    record(
                        session,
                        OutboxMessage,
                        "delivery_delayed",
                        {
                            "order_id": order.id,
                            "customer_id": order.customer_id,
                            "skus": [line.sku for line in lines],
                            "previous": previous.isoformat() if previous else None,
                            "expected_on": product.restock_date.isoformat() if product.restock_date else None,
                        },
                    )
            return s.product_out.dump(product)

    @rpc
    def list_products(self, group: str | None = None) -> list[dict]:
        """All products (or one product group) with stock, reserved and restock (ProductOut)."""
        with self.db.read() as session:
            return s.product_out.dump(catalogue.list_products(session, group), many=True)

    @rpc
    def receive_stock(self, sku: str, data: dict) -> dict:
        """Goods arrived (StockReceived): on the shelf, and to the waiting order lines
        first, oldest order first. Returns ProductOut and the order ids that got goods."""
        valid = load(s.stock_received, data)
        with self.db.transaction() as session:
            touched = ordering.receive_stock(session, sku, valid["quantity"])
            return {
                "product": s.product_out.dump(catalogue.product_by_sku(session, sku)),
                "orders_now_ready": [o.id for o in touched],
            }

    @rpc
    def set_week_product(self, data: dict) -> dict:
        """Make a product the product of the week (WeekProductIn)."""
        valid = load(s.week_product_in, data)
        rules = self._rules()
        with self.db.transaction() as session:
            row = catalogue.set_week_product(session, valid["sku"], valid.get("week_of") or rules.today())
            return {"week_start": row.week_start.isoformat(), "sku": valid["sku"]}

    @rpc
    def suggestions(self, skus: list[str]) -> dict:
        """Upsell for a basket: bought together with it by other customers, and the
        product of the week (SuggestionsOut)."""
        if not isinstance(skus, list) or not all(isinstance(x, str) for x in skus):
            raise InvalidInput("skus must be a list of strings", {"sku": "not a list of skus"})
        with self.db.read() as session:
            return s.suggestions(upsell.suggestions(session, skus[:50], self._rules().today()))

    @rpc
    def create_delivery_method(self, data: dict) -> dict:
        """Add a delivery method with its price (DeliveryMethodIn). Raises Conflict."""
        valid = load(s.delivery_method_in, data)
        with self.db.transaction() as session:
            return s.delivery_method_out.dump(
                catalogue.create_delivery_method(session, valid, self._rules().currency)
            )

    @rpc
    def list_delivery_methods(self) -> list[dict]:
        with self.db.read() as session:
            return s.delivery_method_out.dump(catalogue.delivery_methods(session), many=True)

    # -- order entry (O2–O5) ------------------------------------------------------------

    def _terms(self, customer_id: int, booking: bool = True) -> dict:
        """The customer as the order book needs it; a merged-away id gives the survivor.
        Cached until the customer service says the customer changed. Nothing new is
        booked for an erased person (InvalidInput) unless `booking` is False (a read)."""
        terms = self.customer_cache.get(customer_id)
        if terms is None:
            try:
                terms = self.customers.get_terms(customer_id)
            except NotFound:
                raise InvalidInput("no such customer", {"customer_id": "not found"}) from None
            self.customer_cache.put(customer_id, terms)
        if booking and terms.get("erased_at"):
            raise InvalidInput("the customer's data was erased", {"customer_id": "erased"})
        return terms

    @rpc
    def preview_order(self, data: dict) -> dict:
        """What placing the order would answer, writing nothing (OrderPreviewIn): prices
        with the customer's offers, ships now or when per line, alternatives, payment and
        approval rules, and upsell suggestions (OrderPreviewOut)."""
        valid = load(s.order_preview_in, data)
        customer = self._terms(valid["customer_id"]) if valid.get("customer_id") else None
        rules = self._rules()
        with self.db.read() as session:
            order = ordering.preview(session, customer, valid, rules, rules.today())
            out = s.order_with_alternatives(order, ordering.alternatives(session, order))
            out["suggestions"] = s.suggestions(
                upsell.suggestions(session, [line.sku for line in order.lines], rules.today())
            )
            session.expunge_all()
            return out

    @rpc
    def place_order(self, data: dict, seller: str | None = None) -> dict:
        """Book an order (OrderCreate). Each line says ships_now (stock reserved) or
        expected_on; lines that cannot ship now list their alternatives. The customer's
        offers and own discount apply; above the prepayment limit it is paid in advance
        (awaiting_payment); over the credit limit it waits for a supervisor
        (awaiting_approval). Returns OrderOut. Raises InvalidInput. Emits `order_placed`."""
        valid = load(s.order_create, data)
        customer = self._terms(valid["customer_id"])
        rules = self._rules()
        with self.db.transaction() as session:
            order = ordering.place_order(session, customer, valid, rules, rules.today(), seller=seller)
            return self._placed(session, order)

    @rpc
    def place_web_order(self, data: dict) -> dict:
        """An order from a web shop (WebOrderIn). With `customer_id` (a logged-in shop
        customer) it is placed at once; the shop itself (role shop) may name only a
        customer of an earlier web order, else Forbidden. Otherwise the customer is
        registered through the customer service's matching: a clean one is created and the
        order placed; a look-alike or a flagged address puts the customer in the review
        queue and the order waits (status held_for_review, nothing taken from stock) until
        `review_decided`. Returns OrderOut. Raises InvalidInput (fields of the customer
        under "customer."). Emits `order_placed` when placed."""
        valid = load(s.web_order_in, data)
        rules = self._rules()
        with self.db.read() as session:
            ordering.build(session, None, valid, rules, rules.today())  # refuse bad lines before registering
        if valid.get("customer_id"):
            if self.actor.role == "shop":
                with self.db.read() as session:
                    if not ordering.came_from_the_web(session, valid["customer_id"]):
                        raise Forbidden(
                            "the web shop may order only for customers it registered or its orders matched",
                            {"customer_id": "not a customer of the web shop"},
                        )
            customer = self._terms(valid["customer_id"])
        else:
            registration = self.customers.submit_registration(
                {"customer": valid["customer"], "source": "web_order", "reference": valid["reference"]},
                "web shop",
            )
            if registration["status"] != "created":
                with self.db.transaction() as session:
                    order = ordering.hold_for_review(
                        session, valid, registration["review_id"], valid["reference"], rules, rules.today()
                    )
                    return s.order_out.dump(order)
            customer = self._terms(registration["customer_id"])
        with self.db.transaction() as session:
            order = ordering.place_order(
                session, customer, valid, rules, rules.today(), source="web", reference=valid["reference"]
            )
            return self._placed(session, order)

    @event_handler("customer", "review_decided")
    def on_review_decided(self, payload):
        """A held web order goes ahead for the customer the review let in, or is cancelled.
        The customer's terms are fetched before the transaction: no database lock waits on
        an RPC (on SQLite a waiting writer would stall the whole process)."""
        data = payload["data"]
        customer = self._terms(data["customer_id"]) if data["customer_id"] is not None else None
        with self.db.transaction() as session:
            if not claim(
                session,
                ProcessedEvent,
                payload["event_id"],
                "services.order.service.OrderService.on_review_decided",
            ):
                return
            order = ordering.held(session, data["review_id"])
            if order is None:
                return
            if customer is not None:
                self._placed(session, ordering.release(session, order, customer, self._rules()))
            else:
                self._cancelled(session, ordering.cancel(session, order), "customer rejected in review")

    def _placed(self, session, order) -> dict:
        out = s.order_with_alternatives(order, ordering.alternatives(session, order))
        record(
            session,
            OutboxMessage,
            "order_placed",
            {
                "order_id": order.id,
                "customer_id": order.customer_id,
                "status": order.status,
                "total": out["total"],
                "currency": order.currency,
                "payment_method": order.payment_method,
                "source": order.source,
                "reference": order.reference,
                "seller": order.seller,
                "placed_at": order.created_at.isoformat(),
                "lines": catalogue.line_groups(session, order.lines),
            },
        )
        return out

    def _cancelled(self, session, order, reason: str) -> dict:
        record(
            session,
            OutboxMessage,
            "order_cancelled",
            {
                "order_id": order.id,
                "customer_id": order.customer_id,
                "reason": reason,
                "reference": order.reference,
            },
        )
        return s.order_out.dump(order)

    @rpc
    def cancel_order(self, order_id: int, by: str | None = None) -> dict:
        """Cancel an order nothing of which has shipped; its reserved stock and limited
        offers are given back. Raises NotFound, Conflict. Emits `order_cancelled`."""
        with self.db.transaction() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"), lock=True)
            if order.status == "cancelled":
                return s.order_out.dump(order)
            return self._cancelled(session, ordering.cancel(session, order), f"cancelled by {by or 'staff'}")

    @rpc
    def decide_approval(self, order_id: int, data: dict, by: str) -> dict:
        """A supervisor lets an order over the credit limit go ahead, or cancels it
        (ApprovalIn). Raises NotFound, Conflict (not awaiting approval)."""
        valid = load(s.approval_in, data)
        with self.db.transaction() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"), lock=True)
            decided = ordering.decide_approval(session, order, valid["approved"], by)
            if decided.status == "cancelled":
                return self._cancelled(session, decided, f"credit not approved by {by}")
            return s.order_out.dump(decided)

    @rpc
    def get_order(self, order_id: int) -> dict:
        """One order with its lines, discounts and alternatives (OrderOut). Raises NotFound."""
        with self.db.read() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"))
            return s.order_with_alternatives(order, ordering.alternatives(session, order))

    @rpc
    def list_orders(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's orders, newest first (OrderOut list)."""
        with self.db.read() as session:
            return s.order_out.dump(
                ordering.orders_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    # -- offers (O4) --------------------------------------------------------------------

    @rpc
    def make_offer(self, data: dict) -> dict:
        """An offer to one customer or everyone (OfferCreate); it applies by itself when
        they order. Returns OfferOut. Raises InvalidInput (past the ceiling: value),
        Forbidden (an offer to everyone from an agent). Emits `offer_made`, and the act."""
        valid = load(s.offer_create, data)
        offers.check_allowed(self.actor, valid, load_settings())
        if valid.get("customer_id"):
            valid["customer_id"] = self._terms(valid["customer_id"])["id"]
        with self.db.transaction() as session:
            offer = offers.make_offer(session, valid)
            out = s.offer_out.dump(offer)
            record(session, OutboxMessage, "offer_made", {"offer_id": offer.id, **out})
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "offer_made",
                customer_id=offer.customer_id,
                target=f"offer {offer.id}",
                details={"changes": changes({}, offers.audited(offer, valid.get("sku")))},
            )
            return out

    @rpc
    def list_offers(self, customer_id: int) -> list[dict]:
        """Offers made to this customer, newest first (OfferOut list)."""
        with self.db.read() as session:
            return s.offer_out.dump(
                offers.offers_of(session, positive_id(customer_id, "customer_id")), many=True
            )

    # -- after the order (O6) -----------------------------------------------------------

    @rpc
    def pay_order(self, order_id: int, data: dict, by: str | None = None) -> dict:
        """A payment in advance (PaymentIn); paid in full, the order may ship. Raises
        NotFound, Conflict (not paid in advance). Emits `payment_received`."""
        valid = load(s.payment_in, data)
        with self.db.transaction() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"), lock=True)
            payment, released = invoicing.pay_order(session, order, valid, by)
            out = s.payment_out.dump(payment)
            record(session, OutboxMessage, "payment_received", {**out, "order_released": released})
            return {"payment": out, "order": s.order_out.dump(order)}

    @rpc
    def ship_order(self, order_id: int, data: dict) -> dict:
        """Ship what is in stock (DeliveryIn) and invoice it. Raises NotFound, Conflict
        (unpaid, unapproved, nothing in stock, one parcel wanted), InvalidInput.
        Emits `order_shipped`."""
        valid = load(s.delivery_in, data)
        rules = self._rules()
        with self.db.transaction() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"), lock=True)
            delivery = fulfilment.ship(session, order, valid, rules, rules.today())
            out = s.delivery_out.dump(delivery)
            record(
                session,
                OutboxMessage,
                "order_shipped",
                {**out, "skus": [line.sku for line in order.lines if line.delivery_id == delivery.id]},
            )
            return {"delivery": out, "order": s.order_out.dump(order)}

    @rpc
    def list_invoices(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's invoices and credit notes, newest first (InvoiceOut list)."""
        with self.db.read() as session:
            return s.invoice_out.dump(
                invoicing.invoices_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    @rpc
    def get_invoice(self, invoice_id: int) -> dict:
        with self.db.read() as session:
            return s.invoice_out.dump(invoicing.get_invoice(session, positive_id(invoice_id, "invoice_id")))

    @rpc
    def pay_invoice(self, invoice_id: int, data: dict, by: str | None = None) -> dict:
        """Register a payment of an invoice (PaymentIn); more than owed becomes a pending
        refund. Emits `payment_received`."""
        valid = load(s.payment_in, data)
        with self.db.transaction() as session:
            invoice = invoicing.get_invoice(session, positive_id(invoice_id, "invoice_id"), lock=True)
            payment = invoicing.pay_invoice(session, invoice, valid, by)
            out = s.payment_out.dump(payment)
            record(session, OutboxMessage, "payment_received", out)
            return {"payment": out, "invoice": s.invoice_out.dump(invoice)}

    @rpc
    def return_goods(self, order_id: int, data: dict) -> dict:
        """Goods came back (ReturnIn): on the shelf unless unfit, a credit note, and a
        refund of what was already paid. Returns ReturnOut. Emits `return_received`."""
        valid = load(s.return_in, data)
        rules = self._rules()
        with self.db.transaction() as session:
            order = ordering.get_order(session, positive_id(order_id, "order_id"), lock=True)
            received, refund = returns.receive_return(session, order, valid, rules.today())
            out = s.return_out.dump(received)
            out["refund"] = s.refund_out.dump(refund) if refund else None
            record(session, OutboxMessage, "return_received", out)
            return out

    @rpc
    def pay_refund(self, refund_id: int, by: str | None = None) -> dict:
        """Mark a refund paid out. Raises NotFound, Conflict (paid already).
        Emits `refund_paid`."""
        with self.db.transaction() as session:
            out = s.refund_out.dump(returns.pay_refund(session, positive_id(refund_id, "refund_id"), by))
            record(session, OutboxMessage, "refund_paid", out)
            return out

    @rpc
    def list_refunds(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            return s.refund_out.dump(
                returns.refunds_of(session, positive_id(customer_id, "customer_id")), many=True
            )

    @rpc
    def credit_situation(self, customer_id: int) -> dict:
        """Credit limit, open balance, overdue by age, what is on order on credit, and
        what is left (CreditOut)."""
        customer = self._terms(positive_id(customer_id, "customer_id"), booking=False)
        rules = self._rules()
        with self.db.read() as session:
            return s.credit_out.dump(credit.situation(session, customer, rules, rules.today()))

    # -- memberships and subscriptions (O9) ----------------------------------------------

    @rpc
    def create_plan(self, data: dict) -> dict:
        """A club or subscription plan (PlanIn). Raises Conflict (code taken)."""
        valid = load(s.plan_in, data)
        with self.db.transaction() as session:
            return s.plan_out.dump(memberships.create_plan(session, valid))

    @rpc
    def list_plans(self) -> list[dict]:
        with self.db.read() as session:
            return s.plan_out.dump(memberships.plans(session), many=True)

    @rpc
    def join_plan(self, customer_id: int, data: dict) -> dict:
        """The customer joins a club or subscribes (JoinIn). Raises InvalidInput (no such
        plan or customer), Conflict (already a member). Emits `membership_started`."""
        valid = load(s.join_in, data)
        customer = self._terms(positive_id(customer_id, "customer_id"))
        rules = self._rules()
        with self.db.transaction() as session:
            joined = memberships.join(session, customer["id"], valid["plan"], rules.today())
            out = s.membership((joined, memberships.plan_by_code(session, valid["plan"])))
            record(session, OutboxMessage, "membership_started", out)
            return out

    @rpc
    def leave_membership(self, membership_id: int, data: dict) -> dict:
        """The customer leaves (LeaveIn); messaging confirms it to them. Raises NotFound,
        Conflict (ended already). Emits `membership_ended`."""
        valid = load(s.leave_in, data)
        rules = self._rules()
        with self.db.transaction() as session:
            left = memberships.leave(
                session, positive_id(membership_id, "membership_id"), rules.today(), valid["reason"]
            )
            out = s.membership((left, session.get(memberships.Plan, left.plan_id)))
            record(session, OutboxMessage, "membership_ended", out)
            return out

    @rpc
    def list_memberships(self, customer_id: int) -> list[dict]:
        with self.db.read() as session:
            return [
                s.membership(row)
                for row in memberships.memberships_of(session, positive_id(customer_id, "customer_id"))
            ]

    # -- quotes and exchange rates (O7) -------------------------------------------------

    @rpc
    def set_exchange_rate(self, currency: str, data: dict, by: str | None = None) -> dict:
        """Store what one unit of `currency` is worth in the base currency (ExchangeRateIn).
        Raises InvalidInput (not a currency code, the base currency)."""
        valid = load(s.exchange_rate_in, data, currency=currency)
        with self.db.transaction() as session:
            row = exchange.set_rate(session, valid["currency"], valid["rate"], by, self._rules())
            return s.exchange_rate_out.dump(row)

    @rpc
    def list_exchange_rates(self) -> list[dict]:
        with self.db.read() as session:
            return s.exchange_rate_out.dump(exchange.rates(session), many=True)

    @rpc
    def make_quote(self, data: dict, by: str | None = None) -> dict:
        """A quote with variants in the customer's currency at the stored rate (QuoteIn).
        Raises InvalidInput (unknown product, no rate). Emits `quote_made`."""
        valid = load(s.quote_in, data)
        customer = self._terms(valid["customer_id"])
        rules = self._rules()
        with self.db.transaction() as session:
            quote = quoting.make_quote(session, customer["id"], valid, by, rules)
            out = self._quote(quote, rules)
            record(
                session, OutboxMessage, "quote_made", {"quote_id": quote.id, "customer_id": quote.customer_id}
            )
            return out

    def _quote(self, quote, rules) -> dict:
        return {**s.quote_out.dump(quote), "status": quoting.status_on(quote, rules.today())}

    @rpc
    def get_quote(self, quote_id: int) -> dict:
        """One quote with its variants (QuoteOut). Raises NotFound."""
        with self.db.read() as session:
            return self._quote(quoting.get_quote(session, positive_id(quote_id, "quote_id")), self._rules())

    @rpc
    def list_quotes(self, customer_id: int) -> list[dict]:
        rules = self._rules()
        with self.db.read() as session:
            return [
                self._quote(q, rules)
                for q in quoting.quotes_of(session, positive_id(customer_id, "customer_id"))
            ]

    @rpc
    def accept_quote(self, quote_id: int, data: dict, by: str | None = None) -> dict:
        """The customer takes one variant (AcceptIn): it becomes an order at the quoted
        prices, with the usual stock, prepayment and credit rules. Raises NotFound,
        Conflict (expired, declined or accepted), InvalidInput. Emits `order_placed`."""
        valid = load(s.accept_in, data)
        rules = self._rules()
        with self.db.read() as session:
            customer_id = quoting.get_quote(session, positive_id(quote_id, "quote_id")).customer_id
        customer = self._terms(customer_id)
        with self.db.transaction() as session:
            quote = quoting.get_quote(session, positive_id(quote_id, "quote_id"), lock=True)
            variant = quoting.take(session, quote, valid["variant"], rules.today())
            order = ordering.place_quoted(session, customer, quote, variant, rules, rules.today(), by)
            return {"quote": self._quote(quote, rules), "order": self._placed(session, order)}

    @rpc
    def decline_quote(self, quote_id: int) -> dict:
        """The customer said no. Raises NotFound, Conflict (not open)."""
        rules = self._rules()
        with self.db.transaction() as session:
            quote = quoting.get_quote(session, positive_id(quote_id, "quote_id"), lock=True)
            return self._quote(quoting.decline(session, quote, rules.today()), rules)

    # -- service and complaints (O8) -----------------------------------------------------

    @rpc
    def register_device(self, data: dict) -> dict:
        """A product sold with a serial number (DeviceIn); warranty from the months given
        or an end date. Raises InvalidInput, Conflict (serial registered)."""
        valid = load(s.device_in, data)
        customer = self._terms(valid["customer_id"])
        rules = self._rules()
        with self.db.transaction() as session:
            found = servicing.register_device(session, customer["id"], valid)
            return s.device(found, [], rules.today())

    @rpc
    def get_device(self, serial: str) -> dict:
        """The device by serial number with every service job, their costs and what the
        customer paid (DeviceOut). Raises NotFound."""
        with self.db.read() as session:
            found = servicing.device_by_serial(session, str(serial))
            return s.device(found, servicing.history(session, found), self._rules().today())

    @rpc
    def list_devices(self, customer_id: int) -> list[dict]:
        today = self._rules().today()
        with self.db.read() as session:
            return [
                s.device(found, servicing.history(session, found), today)
                for found in servicing.devices_of(session, positive_id(customer_id, "customer_id"))
            ]

    @rpc
    def open_service_job(self, serial: str, data: dict) -> dict:
        """Register work on a device (ServiceJobIn), free under warranty unless the
        customer caused the damage. Emits `service_job_opened`."""
        valid = load(s.service_job_in, data)
        rules = self._rules()
        with self.db.transaction() as session:
            job = servicing.open_job(
                session,
                servicing.device_by_serial(session, str(serial)),
                valid,
                rules.today(),
                rules.currency,
            )
            out = s.service_job_out.dump(job)
            record(session, OutboxMessage, "service_job_opened", {**out, "serial": str(serial)})
            return out

    @rpc
    def finish_service_job(self, job_id: int, data: dict) -> dict:
        """The job is done, with its final costs (ServiceJobDone). Raises NotFound,
        Conflict. Emits `service_job_done`."""
        valid = load(s.service_job_done, data)
        rules = self._rules()
        with self.db.transaction() as session:
            job = servicing.finish_job(
                session, positive_id(job_id, "job_id"), valid, rules.today(), rules.currency
            )
            out = s.service_job_out.dump(job)
            record(session, OutboxMessage, "service_job_done", out)
            return out

    # -- statistics (O9, O10) -----------------------------------------------------------

    @rpc
    def purchase_history(self, after_order_id: int = 0, limit: int = 1000) -> list[dict]:
        """Orders that count as bought (not cancelled or held), oldest first, after
        `after_order_id`: what `order_placed` told, for rebuilding another service's read
        model. [{order_id, customer_id, placed_at, lines: [{sku, quantity, product_group}]}]"""
        with self.db.read() as session:
            found = statistics.bought_after(session, int(after_order_id), min(int(limit), 5000))
            return [
                {
                    "order_id": order.id,
                    "customer_id": order.customer_id,
                    "placed_at": order.created_at.isoformat(),
                    "lines": catalogue.line_groups(session, order.lines),
                }
                for order in found
            ]

    @rpc
    def recurring_revenue(self, period: dict) -> list[dict]:
        """Members and monthly recurring revenue per plan and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return s.recurring_revenue_out.dump(
                memberships.recurring_revenue(session, first, last), many=True
            )

    @rpc
    def sales_by_product(self, period: dict) -> list[dict]:
        """Quantity, orders and revenue per product and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return s.product_sales_out.dump(statistics.sales_by_product(session, first, last), many=True)

    @rpc
    def sales_by_seller(self, period: dict) -> list[dict]:
        """Orders and revenue per seller and month (PeriodIn)."""
        first, last = months.period(period)
        with self.db.read() as session:
            return s.seller_sales_out.dump(statistics.sales_by_seller(session, first, last), many=True)

    @rpc
    def invoices_due(self, within_days: int = 7) -> list[dict]:
        """Open invoices due within the days given, and the overdue ones (InvoiceOut)."""
        days = min(positive_id(within_days, "within_days"), 366)
        with self.db.read() as session:
            return s.invoice_out.dump(
                statistics.invoices_due(session, self._rules().today(), days), many=True
            )

    @rpc
    def invoices_sent(self, days: int = 7) -> list[dict]:
        """Invoices and credit notes issued in the last days given (InvoiceOut)."""
        days = min(positive_id(days, "days"), 366)
        with self.db.read() as session:
            return s.invoice_out.dump(
                statistics.invoices_sent(session, self._rules().today(), days), many=True
            )

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """Everything the merged customer had here now belongs to the survivor (C7)."""
        data = payload["data"]
        memberships.fold(session, data["merged_id"], data["survivor_id"])
        for model in FOLLOW_THE_CUSTOMER:
            repoint(session, model, data["merged_id"], data["survivor_id"])

    # -- data-protection requests (GDPR art. 15 and 17): personal_data.py --------------------

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the order book holds on a customer: orders, deliveries, invoices,
        payments, returns, refunds, memberships, devices with their service jobs, offers,
        quotes, and the credit situation."""
        customer_id = positive_id(customer_id, "customer_id")
        rules = self._rules()
        terms = self._terms(customer_id, booking=False)
        with self.db.read() as session:
            out = personal_data.export(session, [customer_id], rules.today())
            out["credit"] = s.credit_out.dump(credit.situation(session, terms, rules, rules.today()))
            return out

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """Orders, invoices and payments stay with their amounts, dates and numbers; the
        free texts that may name the person go (personal_data.erase)."""
        personal_data.erase(session, payload["data"]["customer_ids"])

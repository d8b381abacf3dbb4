"""After the order (O6): payments in advance, shipping (which invoices what ships),
invoices and their payments, and the credit situation (invoicing.py, fulfilment.py,
credit.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.deliveries import DeliveryIn
from crm_common.contracts.order.invoices import InvoiceOut, PaymentIn
from crm_common.entrypoints import rpc
from services.order import credit, fulfilment, invoicing
from services.order.entrypoints import OrderEntrypoints


class InvoicingEntrypoints(OrderEntrypoints):
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
    def credit_situation(self, customer_id: int) -> dict:
        """Credit limit, open balance, overdue by age, what is on order on credit, and
        what is left (CreditOut)."""
        customer = self._customers().terms(positive_id(customer_id, "customer_id"), booking=False)
        rules = self._rules()
        with self.db.read() as session:
            return dump(CreditOut, credit.situation(session, customer, rules, rules.today()))

"""Quotes and exchange rates (O7): rates per currency, quotes with variants, and
accepting or declining one (quoting.py, exchange.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.exchange_rates import ExchangeRateIn, ExchangeRateOut
from crm_common.contracts.order.quotes import AcceptIn, QuoteIn
from crm_common.entrypoints import rpc
from services.order import exchange, quoting
from services.order.entrypoints import OrderEntrypoints


class QuotesEntrypoints(OrderEntrypoints):
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
            return quoting.shown(session, positive_id(quote_id, "quote_id"), self._rules().today())

    @rpc
    def list_quotes(self, customer_id: int) -> list[dict]:
        today = self._rules().today()
        with self.db.read() as session:
            return quoting.listed(session, positive_id(customer_id, "customer_id"), today)

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
            return quoting.declined(session, quote_id, today)

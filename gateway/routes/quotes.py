"""Quote routes: exchange rates, quotes and their acceptance (O7)."""

from __future__ import annotations

from crm_common.contracts.order.exchange_rates import ExchangeRateBody, ExchangeRateOut
from crm_common.contracts.order.quotes import AcceptedOut, AcceptIn, QuoteIn, QuoteOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.messages import pdf_response
from gateway.routes.roles import SUPERVISOR
from gateway.routing import route


class QuotesRoutes(Routes):
    @route(
        "PUT",
        "/api/exchange-rates/<currency>",
        summary="Store an exchange rate: one unit of the currency in the base currency",
        tag="quotes",
        roles=SUPERVISOR,
        body=ExchangeRateBody,
        response=ExchangeRateOut,
    )
    def set_exchange_rate(self, req, currency):
        return call(self.order, "set_exchange_rate", currency, req.body, req.principal.username)

    @route(
        "GET",
        "/api/exchange-rates",
        summary="Stored exchange rates",
        tag="quotes",
        roles=STAFF,
        response=ExchangeRateOut,
        many=True,
    )
    def list_exchange_rates(self, req):
        return call(self.order, "list_exchange_rates")

    @route(
        "POST",
        "/api/quotes",
        summary="A quote in the customer's currency, with one or more variants",
        tag="quotes",
        roles=STAFF,
        body=QuoteIn,
        response=QuoteOut,
        status=201,
    )
    def make_quote(self, req):
        return call(self.order, "make_quote", req.body, req.principal.username)

    @route(
        "GET",
        "/api/quotes/<int:quote_id>",
        summary="One quote",
        tag="quotes",
        roles=STAFF,
        response=QuoteOut,
        errors=(404,),
    )
    def get_quote(self, req, quote_id):
        return call(self.order, "get_quote", quote_id)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/quotes",
        summary="A customer's quotes",
        tag="quotes",
        roles=STAFF,
        response=QuoteOut,
        many=True,
    )
    def list_quotes(self, req, customer_id):
        return call(self.order, "list_quotes", customer_id)

    @route(
        "POST",
        "/api/quotes/<int:quote_id>/accept",
        summary="The customer accepts a variant: it becomes an order at the quoted prices",
        tag="quotes",
        roles=STAFF,
        body=AcceptIn,
        response=AcceptedOut,
        status=201,
        errors=(404, 409),
    )
    def accept_quote(self, req, quote_id):
        return call(self.order, "accept_quote", quote_id, req.body, req.principal.username)

    @route(
        "POST",
        "/api/quotes/<int:quote_id>/decline",
        summary="The customer declines a quote",
        tag="quotes",
        roles=STAFF,
        response=QuoteOut,
        errors=(404, 409),
    )
    def decline_quote(self, req, quote_id):
        return call(self.order, "decline_quote", quote_id)

    @route(
        "GET",
        "/api/quotes/<int:quote_id>/document",
        summary="The quote as a PDF to send or print",
        tag="quotes",
        roles=STAFF,
        raw=True,
        errors=(404,),
    )
    def quote_document(self, req, quote_id):
        """Rendered from the `quote_document` letter template (an administrator may store
        one per language), with the customer's name and address."""
        quote = call(self.order, "get_quote", quote_id)
        return pdf_response(
            call(
                self.messaging,
                "render_document",
                {"template": "quote_document", "values": {"quote": quote}},
                quote["customer_id"],
            )
        )

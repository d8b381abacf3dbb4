"""Offers (O4): an offer to one customer or everyone, and a customer's offers (offers.py)."""

from __future__ import annotations

from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.order.offers import OfferCreate, OfferOut
from crm_common.entrypoints import rpc
from services.order import offers
from services.order.entrypoints import OrderEntrypoints


class OffersEntrypoints(OrderEntrypoints):
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

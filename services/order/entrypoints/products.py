"""The catalogue (O1): products, stock arriving, the product of the week, upsell
suggestions and delivery methods (catalogue.py, restocking.py, upsell.py)."""

from __future__ import annotations

from crm_common.contracts import dump, load
from crm_common.contracts.order.products import (
    DeliveryMethodIn,
    DeliveryMethodOut,
    ProductCreate,
    ProductOut,
    ProductUpdate,
    WeekProductIn,
)
from crm_common.contracts.order.stock import StockReceived
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from services.order import catalogue, restocking, upsell
from services.order.entrypoints import OrderEntrypoints


class ProductsEntrypoints(OrderEntrypoints):
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
        today = self._rules().today()
        with self.db.transaction() as session:
            return catalogue.choose_week_product(session, valid["sku"], valid.get("week_of"), today)

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

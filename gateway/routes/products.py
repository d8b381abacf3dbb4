"""Product routes: the catalogue, stock received, the product of the week, upsell and
delivery methods (O1, O3, O5)."""

from __future__ import annotations

from crm_common.contracts.order.products import (
    DeliveryMethodIn,
    DeliveryMethodOut,
    ProductCreate,
    ProductOut,
    ProductUpdate,
    SuggestionsOut,
    WeekProductIn,
    WeekProductOut,
)
from crm_common.contracts.order.stock import StockReceived, StockReceivedOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN, SHOP, SUPERVISOR
from gateway.routing import route


class ProductsRoutes(Routes):
    @route(
        "POST",
        "/api/products",
        summary="Add a product",
        tag="products",
        roles=ADMIN,
        body=ProductCreate,
        response=ProductOut,
        status=201,
        errors=(409,),
    )
    def create_product(self, req):
        return call(self.order, "create_product", req.body)

    @route(
        "GET",
        "/api/products",
        summary="Products with stock, reserved and restock",
        tag="products",
        roles=STAFF,
        response=ProductOut,
        many=True,
        query={"group": "only this product group"},
    )
    def list_products(self, req):
        return call(self.order, "list_products", req.args.get("group"))

    @route(
        "PATCH",
        "/api/products/<sku>",
        summary="Change a product; a later restock date tells the waiting orders",
        tag="products",
        roles=SUPERVISOR,
        body=ProductUpdate,
        response=ProductOut,
        errors=(404,),
    )
    def update_product(self, req, sku):
        return call(self.order, "update_product", sku, req.body)

    @route(
        "POST",
        "/api/products/<sku>/stock",
        summary="Goods received; waiting order lines get them first",
        tag="products",
        roles=SUPERVISOR,
        body=StockReceived,
        response=StockReceivedOut,
        errors=(404,),
    )
    def receive_stock(self, req, sku):
        return call(self.order, "receive_stock", sku, req.body)

    @route(
        "PUT",
        "/api/products/week",
        summary="Set the product of the week",
        tag="products",
        roles=SUPERVISOR,
        body=WeekProductIn,
        response=WeekProductOut,
        errors=(404,),
    )
    def set_week_product(self, req):
        return call(self.order, "set_week_product", req.body)

    @route(
        "GET",
        "/api/products/suggestions",
        summary="Upsell: bought together with these, and the product of the week",
        tag="products",
        roles=SHOP,
        response=SuggestionsOut,
        query={"skus": "the basket, comma-separated"},
    )
    def suggestions(self, req):
        skus = [s.strip() for s in req.args.get("skus", "").split(",") if s.strip()]
        return call(self.order, "suggestions", skus)

    @route(
        "GET",
        "/api/delivery-methods",
        summary="Delivery methods and their prices",
        tag="products",
        roles=SHOP,
        response=DeliveryMethodOut,
        many=True,
    )
    def list_delivery_methods(self, req):
        return call(self.order, "list_delivery_methods")

    @route(
        "POST",
        "/api/delivery-methods",
        summary="Add a delivery method",
        tag="products",
        roles=ADMIN,
        body=DeliveryMethodIn,
        response=DeliveryMethodOut,
        status=201,
        errors=(409,),
    )
    def create_delivery_method(self, req):
        return call(self.order, "create_delivery_method", req.body)

"""Order routes: products and orders (O1, O2)."""

from __future__ import annotations

from crm_common.contracts.order import OrderCreate, OrderOut, ProductCreate, ProductOut, WebOrderIn
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes.roles import ADMIN
from gateway.routing import json_response, route


class OrdersRoutes:
    @route(
        "POST",
        "/api/products",
        summary="Add a product",
        tag="orders",
        roles=ADMIN,
        body=ProductCreate,
        response=ProductOut,
        status=201,
        errors=(409,),
    )
    def create_product(self, c):
        return call(self.order, "create_product", c.body)

    @route(
        "GET",
        "/api/products",
        summary="Products with stock",
        tag="orders",
        roles=STAFF,
        response=ProductOut,
        many=True,
    )
    def list_products(self, c):
        return call(self.order, "list_products")

    @route(
        "POST",
        "/api/orders",
        summary="Place an order; each line ships now or says when",
        tag="orders",
        roles=STAFF,
        body=OrderCreate,
        response=OrderOut,
        status=201,
    )
    def place_order(self, c):
        return call(self.order, "place_order", c.body)

    @route(
        "POST",
        "/api/web-orders",
        summary="An order from a web shop, with the customer matched on the way in",
        tag="orders",
        roles=STAFF,
        body=WebOrderIn,
        response=OrderOut,
        status=201,
        errors=(202,),
        raw=True,
    )
    def place_web_order(self, c):
        """201 with the placed order; 202 with status held_for_review when the customer
        looks like one already in the register or the address is flagged — the order goes
        ahead (or is cancelled) when an agent decides the review."""
        order = call(self.order, "place_web_order", c.body)
        return json_response(202 if order["status"] == "held_for_review" else 201, order)

    @route(
        "GET",
        "/api/orders/<int:order_id>",
        summary="One order",
        tag="orders",
        roles=STAFF,
        response=OrderOut,
        errors=(404,),
    )
    def get_order(self, c, order_id):
        return call(self.order, "get_order", order_id)

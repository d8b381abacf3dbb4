"""Order routes: preview, booking, web orders, cancelling, approval and offers (O2–O4)."""

from __future__ import annotations

from crm_common.contracts.order.offers import OfferCreate, OfferOut
from crm_common.contracts.order.orders import (
    ApprovalIn,
    OrderCreate,
    OrderOut,
    OrderPreviewIn,
    OrderPreviewOut,
)
from crm_common.contracts.order.web_orders import WebOrderIn
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SHOP, SUPERVISOR
from gateway.routing import json_response, query_limit, route


class OrdersRoutes(Routes):
    @route(
        "POST",
        "/api/orders/preview",
        summary="What an order would cost and when it ships, without booking it",
        tag="orders",
        roles=STAFF,
        body=OrderPreviewIn,
        response=OrderPreviewOut,
    )
    def preview_order(self, req):
        return call(self.order, "preview_order", req.body)

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
    def place_order(self, req):
        """The agent placing it is the order's seller (sales statistics)."""
        return call(self.order, "place_order", req.body, req.principal.username)

    @route(
        "POST",
        "/api/web-orders",
        summary="An order from a web shop, with the customer matched on the way in",
        tag="orders",
        roles=SHOP,
        body=WebOrderIn,
        response=OrderOut,
        status=201,
        errors=(202,),
        raw=True,
    )
    def place_web_order(self, req):
        """The shop sends its `X-API-Key`. 201 with the placed order; 202 with status
        held_for_review when the customer looks like one already in the register or the
        address is flagged — the order goes ahead (or is cancelled) when an agent decides
        the review."""
        order = call(self.order, "place_web_order", req.body)
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
    def get_order(self, req, order_id):
        return call(self.order, "get_order", order_id)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/orders",
        summary="A customer's orders, newest first",
        tag="orders",
        roles=STAFF,
        response=OrderOut,
        many=True,
        query={"limit": "at most this many (50)"},
    )
    def list_orders(self, req, customer_id):
        return call(self.order, "list_orders", customer_id, query_limit(req.args.get("limit"), 50))

    @route(
        "POST",
        "/api/orders/<int:order_id>/cancel",
        summary="Cancel an order before it ships",
        tag="orders",
        roles=STAFF,
        response=OrderOut,
        errors=(404, 409),
    )
    def cancel_order(self, req, order_id):
        return call(self.order, "cancel_order", order_id, req.principal.username)

    @route(
        "POST",
        "/api/orders/<int:order_id>/approval",
        summary="Approve or refuse an order over the credit limit",
        tag="orders",
        roles=SUPERVISOR,
        body=ApprovalIn,
        response=OrderOut,
        errors=(404, 409),
    )
    def decide_approval(self, req, order_id):
        return call(self.order, "decide_approval", order_id, req.body, req.principal.username)

    # -- offers -------------------------------------------------------------------------

    @route(
        "POST",
        "/api/offers",
        summary="Make an offer to a customer (or everyone); it applies when they order",
        tag="orders",
        roles=STAFF,
        body=OfferCreate,
        response=OfferOut,
        status=201,
    )
    def make_offer(self, req):
        return call(self.order, "make_offer", req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/offers",
        summary="Offers made to a customer",
        tag="orders",
        roles=STAFF,
        response=OfferOut,
        many=True,
    )
    def list_offers(self, req, customer_id):
        return call(self.order, "list_offers", customer_id)

"""Web orders (C5 with O2): placed at once for a clean customer, held while the customer is
in review, then placed or cancelled by the decision."""

from decimal import Decimal
from unittest.mock import Mock

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from crm_common.cache import Lru
from crm_common.errors import InvalidInput
from services.order import catalogue
from services.order.models import Base, OutboxMessage, Product
from services.order.service import OrderService

CUSTOMER = {"kind": "person", "name": "Åsa Lindqvist", "emails": [{"address": "asa@example.se"}]}


@pytest.fixture
def svc(uow_factory):
    svc = worker_factory(OrderService, db=uow_factory(Base), customers=Mock(), customer_cache=Lru(100))
    svc.customers.get_terms.side_effect = lambda cid: {
        "id": cid,
        "credit_limit": None,
        "discount_percent": None,
    }
    with svc.db.transaction() as session:
        catalogue.create_product(
            session,
            {
                "sku": "SPADE",
                "name": "Spade",
                "price": Decimal("100.00"),
                "currency": "SEK",
                "vat_rate": Decimal(25),
                "stock_on_hand": 1,
            },
        )
    return svc


def stock(svc):
    """Units that can still be sold."""
    with svc.db.read() as session:
        product = session.scalars(select(Product)).one()
        return product.stock_on_hand - product.reserved


def events(svc):
    with svc.db.read() as session:
        return [e.event_type for e in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def order_of(svc, **extra):
    return svc.place_web_order(
        {"reference": "W-1", "customer": CUSTOMER, "lines": [{"sku": "SPADE", "quantity": 1}], **extra}
    )


def test_a_clean_customer_gets_the_order_at_once(svc):
    svc.customers.submit_registration.return_value = {
        "status": "created",
        "customer_id": 7,
        "review_id": None,
    }
    order = order_of(svc)
    assert (order["status"], order["customer_id"], order["source"], order["reference"]) == (
        "placed",
        7,
        "web",
        "W-1",
    )
    assert order["lines"][0]["ships_now"] and stock(svc) == 0 and events(svc) == ["order_placed"]
    (call,) = svc.customers.submit_registration.call_args_list
    assert call.args[0]["source"] == "web_order" and call.args[0]["reference"] == "W-1"


def test_an_order_waits_for_the_review_and_then_goes_ahead(svc):
    svc.customers.submit_registration.return_value = {
        "status": "pending_review",
        "customer_id": None,
        "review_id": 5,
    }
    held = order_of(svc)
    assert (held["status"], held["customer_id"], held["review_id"]) == ("held_for_review", None, 5)
    assert stock(svc) == 1 and events(svc) == []  # nothing taken, nothing announced
    svc.on_review_decided(
        {
            "event_id": "e1",
            "data": {
                "review_id": 5,
                "status": "merged",
                "customer_id": 3,
                "source": "web_order",
                "reference": "W-1",
            },
        }
    )
    placed = svc.get_order(held["id"])
    assert (placed["status"], placed["customer_id"], placed["lines"][0]["ships_now"]) == ("placed", 3, True)
    assert stock(svc) == 0 and events(svc) == ["order_placed"]
    svc.on_review_decided(
        {
            "event_id": "e1",
            "data": {
                "review_id": 5,
                "status": "merged",
                "customer_id": 3,
                "source": "web_order",
                "reference": "W-1",
            },
        }
    )
    assert events(svc) == ["order_placed"]  # the same decision twice changes nothing


def test_a_rejected_customer_cancels_the_held_order(svc):
    svc.customers.submit_registration.return_value = {
        "status": "pending_review",
        "customer_id": None,
        "review_id": 6,
    }
    held = order_of(svc)
    svc.on_review_decided(
        {
            "event_id": "e2",
            "data": {
                "review_id": 6,
                "status": "rejected",
                "customer_id": None,
                "source": "web_order",
                "reference": "W-1",
            },
        }
    )
    assert svc.get_order(held["id"])["status"] == "cancelled" and stock(svc) == 1
    assert events(svc) == ["order_cancelled"]


def test_an_unknown_product_is_refused_before_anyone_is_registered(svc):
    with pytest.raises(InvalidInput) as err:
        svc.place_web_order(
            {"reference": "W-2", "customer": CUSTOMER, "lines": [{"sku": "NOPE", "quantity": 1}]}
        )
    assert "lines.0.sku" in err.value.fields and not svc.customers.submit_registration.called


def test_a_logged_in_shop_customer_skips_registration(svc):
    order = svc.place_web_order(
        {"reference": "W-3", "customer_id": 9, "lines": [{"sku": "SPADE", "quantity": 1}]}
    )
    assert (order["customer_id"], order["status"]) == (
        9,
        "placed",
    ) and not svc.customers.submit_registration.called

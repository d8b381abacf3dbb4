"""Shipping an order: what goes in the parcel and the delivery that answers (O6)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.orders import OrderOut
from crm_common.contracts.order.vocabulary import SKU


class DeliveryIn(Schema):
    carrier = fields.Str(allow_none=True, validate=validate.Length(max=60))
    tracking_number = fields.Str(allow_none=True, validate=validate.Length(max=100))
    skus = fields.List(
        fields.Str(validate=SKU),
        metadata={"description": "the lines to ship; every line in stock when left out"},
    )


class DeliveryOut(Schema):
    id = fields.Int()
    order_id = fields.Int()
    customer_id = fields.Int()
    carrier = fields.Str(allow_none=True)
    tracking_number = fields.Str(allow_none=True)
    invoice_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class ShippedOut(Schema):
    delivery = fields.Nested(DeliveryOut)
    order = fields.Nested(OrderOut)

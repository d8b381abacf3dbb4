"""An order from a web shop, its customer matched on the way in (C5 with O2)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.order.orders import OrderLineIn
from crm_common.contracts.order.vocabulary import PAYMENT_METHODS, each_sku_once


class WebOrderIn(Schema):
    """An order from a web shop. A shop customer who is logged in sends `customer_id`;
    otherwise `customer`, which is matched against the register: a clean one is created
    and gets the order at once; a look-alike or a flagged address holds the order until
    an agent has reviewed the customer."""

    reference = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "the shop's own order number"},
    )
    customer_id = fields.Int(validate=validate.Range(1, None))
    customer = fields.Dict(metadata={"description": "a CustomerCreate, when customer_id is not known"})
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=200))
    payment_method = fields.Str(load_default="invoice", validate=validate.OneOf(PAYMENT_METHODS))
    delivery_method = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=30))
    partial_delivery = fields.Bool(load_default=True)

    @validates_schema
    def _who(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data.get("customer_id") and not data.get("customer"):
            raise ValidationError("send customer_id or customer", "customer")
        each_sku_once(data)

"""Quotes: variants priced in the customer's currency, and accepting one as an order (O7)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.order.orders import OrderLineIn, OrderOut
from crm_common.contracts.order.vocabulary import CURRENCY, each_sku_once, out_money


class QuoteVariantIn(Schema):
    label = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _lines(self, data: dict[str, Any], **kwargs: object) -> None:
        each_sku_once(data)


class QuoteIn(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    currency = fields.Str(load_default="SEK", validate=CURRENCY)
    valid_until = fields.Date(required=True)
    note = fields.Str(allow_none=True, validate=validate.Length(max=2000))
    variants = fields.List(
        fields.Nested(QuoteVariantIn), required=True, validate=validate.Length(min=1, max=10)
    )

    @validates_schema
    def _labels(self, data: dict[str, Any], **kwargs: object) -> None:
        labels = [v["label"] for v in data.get("variants") or []]
        if len(labels) != len(set(labels)):
            raise ValidationError("each variant needs its own label", "variants")


class QuoteVariantOut(Schema):
    label = fields.Str()
    lines = fields.List(fields.Dict())
    total = out_money()
    vat_total = out_money()


class QuoteOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    currency = fields.Str()
    rate = fields.Decimal(as_string=True, metadata={"description": "the stored rate it was priced at"})
    status = fields.Str(metadata={"description": "open, expired, accepted or declined"})
    valid_until = fields.Date()
    note = fields.Str(allow_none=True)
    created_by = fields.Str(allow_none=True)
    accepted_variant = fields.Str(allow_none=True)
    order_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    variants = fields.List(fields.Nested(QuoteVariantOut))


class AcceptIn(Schema):
    variant = fields.Str(required=True, validate=validate.Length(min=1, max=60))


class AcceptedOut(Schema):
    quote = fields.Nested(QuoteOut)
    order = fields.Nested(OrderOut)

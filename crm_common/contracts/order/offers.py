"""Offers: a discount to one customer or everyone, on a product or the whole order (O4)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.order.vocabulary import SKU


class OfferCreate(Schema):
    customer_id = fields.Int(
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "null: every customer (a supervisor's or admin's offer only)"},
    )
    description = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(required=True, validate=validate.OneOf(("percent", "amount")))
    value = fields.Decimal(
        required=True,
        places=2,
        validate=validate.Range(0, None, min_inclusive=False),
        metadata={"description": "at most CRM_MAX_OFFER_PERCENT (50) % or CRM_MAX_OFFER_AMOUNT (1000.00)"},
    )
    sku = fields.Str(
        allow_none=True,
        validate=SKU,
        metadata={"description": "the product it is for; null: the whole order"},
    )
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    max_uses = fields.Int(
        allow_none=True, validate=validate.Range(1, None), metadata={"description": "1: once; null: no limit"}
    )

    @validates_schema
    def _percent(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("kind") == "percent" and data.get("value", 0) > 100:
            raise ValidationError("a percentage is at most 100", "value")


class OfferOut(Schema):
    id = fields.Int()
    customer_id = fields.Int(allow_none=True)
    description = fields.Str()
    kind = fields.Str()
    value = fields.Decimal(as_string=True)
    product_id = fields.Int(allow_none=True)
    valid_from = fields.Date()
    valid_until = fields.Date()
    max_uses = fields.Int(allow_none=True)
    used_count = fields.Int()

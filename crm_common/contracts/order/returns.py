"""Goods coming back: the returned lines, the refund, and the return as answered (O6)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.vocabulary import SKU, out_money


class ReturnLineIn(Schema):
    sku = fields.Str(required=True, validate=SKU)
    quantity = fields.Int(required=True, validate=validate.Range(1, 10000))
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    restock = fields.Bool(load_default=True, metadata={"description": "false: not fit to sell again"})


class ReturnIn(Schema):
    lines = fields.List(fields.Nested(ReturnLineIn), required=True, validate=validate.Length(min=1, max=200))


class RefundOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    order_id = fields.Int(allow_none=True)
    amount = out_money()
    currency = fields.Str()
    reason = fields.Str()
    status = fields.Str(metadata={"description": "pending or paid"})
    paid_at = fields.DateTime(allow_none=True)
    paid_by = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class ReturnOut(Schema):
    id = fields.Int()
    order_id = fields.Int()
    customer_id = fields.Int()
    lines = fields.List(fields.Dict())
    amount = out_money()
    credit_note_id = fields.Int(allow_none=True)
    refund = fields.Nested(RefundOut, allow_none=True)
    created_at = fields.DateTime()

"""Goods arriving: on the shelf, and to the order lines waiting for them (O1)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.products import ProductOut


class StockReceived(Schema):
    quantity = fields.Int(required=True, validate=validate.Range(1, 1_000_000))


class StockReceivedOut(Schema):
    product = fields.Nested(ProductOut)
    orders_now_ready = fields.List(
        fields.Int(), metadata={"description": "orders whose waiting lines got goods"}
    )

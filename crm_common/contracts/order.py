"""Shapes of products and orders (O1, O2)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class ProductCreate(Schema):
    sku = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9._-]{1,40}$", error="letters, digits, . _ - (at most 40)"),
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    price = fields.Decimal(required=True, places=2, validate=validate.Range(0, None))
    currency = fields.Str(
        load_default="SEK", validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as SEK")
    )
    vat_rate = fields.Decimal(load_default="25.00", places=2, validate=validate.Range(0, 100))
    stock_on_hand = fields.Int(load_default=0, validate=validate.Range(0, None))
    restock_date = fields.Date(allow_none=True, load_default=None)


class ProductOut(Schema):
    id = fields.Int()
    sku = fields.Str()
    name = fields.Str()
    price = fields.Decimal(as_string=True)
    currency = fields.Str()
    vat_rate = fields.Decimal(as_string=True)
    stock_on_hand = fields.Int()
    restock_date = fields.Date(allow_none=True)


class OrderLineIn(Schema):
    sku = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    quantity = fields.Int(required=True, validate=validate.Range(1, 10000))


class OrderCreate(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _each_sku_once(self, data, **kwargs):
        skus = [line["sku"] for line in data.get("lines") or []]
        if len(skus) != len(set(skus)):
            raise ValidationError("each product once per order; add up the quantity", "lines")


class OrderLineOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    quantity = fields.Int()
    unit_price = fields.Decimal(as_string=True)
    line_total = fields.Decimal(as_string=True)
    ships_now = fields.Bool()
    expected_on = fields.Date(
        allow_none=True, metadata={"description": "when it can ship, if not now; null if unknown"}
    )


class OrderOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    status = fields.Str()
    currency = fields.Str()
    total = fields.Decimal(as_string=True)
    created_at = fields.DateTime()
    lines = fields.List(fields.Nested(OrderLineOut))

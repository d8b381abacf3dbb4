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

    @validates_schema
    def _who(self, data, **kwargs):
        if not data.get("customer_id") and not data.get("customer"):
            raise ValidationError("send customer_id or customer", "customer")
        skus = [line["sku"] for line in data.get("lines") or []]
        if len(skus) != len(set(skus)):
            raise ValidationError("each product once per order; add up the quantity", "lines")


class OrderOut(Schema):
    id = fields.Int()
    customer_id = fields.Int(allow_none=True, metadata={"description": "none while held for review"})
    status = fields.Str(metadata={"description": "placed, held_for_review or cancelled"})
    source = fields.Str()
    reference = fields.Str(allow_none=True)
    review_id = fields.Int(allow_none=True)
    currency = fields.Str()
    total = fields.Decimal(as_string=True)
    created_at = fields.DateTime()
    lines = fields.List(fields.Nested(OrderLineOut))

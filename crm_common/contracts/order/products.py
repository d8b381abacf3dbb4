"""The catalogue: products with their prices and stock, the product of the week,
upsell suggestions, and the delivery methods with their prices (O1)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.vocabulary import CURRENCY, SKU, money, out_money


class ProductCreate(Schema):
    sku = fields.Str(required=True, validate=SKU)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    product_group = fields.Str(allow_none=True, validate=validate.Length(max=60))
    price = money(required=True, metadata={"description": "VAT included"})
    currency = fields.Str(load_default="SEK", validate=CURRENCY)
    vat_rate = fields.Decimal(load_default="25.00", places=2, validate=validate.Range(0, 100))
    stock_on_hand = fields.Int(load_default=0, validate=validate.Range(0, None))
    restock_date = fields.Date(allow_none=True, load_default=None)
    restock_quantity = fields.Int(allow_none=True, validate=validate.Range(1, None))
    alternatives = fields.List(
        fields.Str(validate=SKU),
        validate=validate.Length(max=20),
        metadata={"description": "skus to offer instead when this cannot ship now, best first"},
    )


class ProductUpdate(Schema):
    name = fields.Str(validate=validate.Length(min=1, max=200))
    product_group = fields.Str(allow_none=True, validate=validate.Length(max=60))
    price = money()
    vat_rate = fields.Decimal(places=2, validate=validate.Range(0, 100))
    restock_date = fields.Date(
        allow_none=True, metadata={"description": "a later date tells the waiting orders' customers"}
    )
    restock_quantity = fields.Int(allow_none=True, validate=validate.Range(1, None))
    alternatives = fields.List(fields.Str(validate=SKU), validate=validate.Length(max=20))


class ProductOut(Schema):
    id = fields.Int()
    sku = fields.Str()
    name = fields.Str()
    product_group = fields.Str(allow_none=True)
    price = out_money()
    currency = fields.Str()
    vat_rate = fields.Decimal(as_string=True)
    stock_on_hand = fields.Int()
    reserved = fields.Int(metadata={"description": "promised to orders not shipped yet"})
    available = fields.Function(
        lambda p: p.stock_on_hand - p.reserved, metadata={"description": "can be sold now"}
    )
    restock_date = fields.Date(allow_none=True)
    restock_quantity = fields.Int(allow_none=True)


class WeekProductIn(Schema):
    sku = fields.Str(required=True, validate=SKU)
    week_of = fields.Date(
        allow_none=True, metadata={"description": "any day of the week; this week when left out"}
    )


class WeekProductOut(Schema):
    week_start = fields.Date()
    sku = fields.Str()


class SuggestionOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    price = out_money()
    available = fields.Int()
    orders_together = fields.Int(
        allow_none=True, metadata={"description": "orders it was on together with the basket"}
    )


class SuggestionsOut(Schema):
    bought_together = fields.List(fields.Nested(SuggestionOut))
    product_of_the_week = fields.Nested(SuggestionOut, allow_none=True)


class DeliveryMethodIn(Schema):
    code = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9_-]{1,30}$", error="lower-case letters, digits, _ -"),
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    price = money(required=True, metadata={"description": "VAT included"})
    vat_rate = fields.Decimal(load_default="25.00", places=2, validate=validate.Range(0, 100))


class DeliveryMethodOut(Schema):
    code = fields.Str()
    name = fields.Str()
    price = out_money()
    vat_rate = fields.Decimal(as_string=True)

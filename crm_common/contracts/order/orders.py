"""Order entry: the lines and terms of an order, its preview, the order as answered with
its discounts and alternatives, and a supervisor's approval (O2–O5)."""

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema

from crm_common.contracts.order.products import SuggestionsOut
from crm_common.contracts.order.vocabulary import PAYMENT_METHODS, each_sku_once, out_money


class OrderLineIn(Schema):
    sku = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    quantity = fields.Int(required=True, validate=validate.Range(1, 10000))


class DeliveryAddressIn(Schema):
    """Where the parcel goes: one of the customer's addresses or another, for this order."""

    street = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    country = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"),
    )


class OrderTerms(Schema):
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=200))
    payment_method = fields.Str(
        load_default="invoice",
        validate=validate.OneOf(PAYMENT_METHODS),
        metadata={
            "description": "above the prepayment limit the order is paid in advance whatever is chosen"
        },
    )
    delivery_method = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=30))
    delivery_address = fields.Nested(
        DeliveryAddressIn,
        allow_none=True,
        load_default=None,
        metadata={"description": "where it is delivered; null: the customer's postal address"},
    )
    partial_delivery = fields.Bool(
        load_default=True, metadata={"description": "false: one parcel when every line is in stock"}
    )

    @validates_schema
    def _lines(self, data: dict[str, Any], **kwargs: object) -> None:
        each_sku_once(data)


class OrderCreate(OrderTerms):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))


class OrderPreviewIn(OrderTerms):
    customer_id = fields.Int(
        validate=validate.Range(1, None), metadata={"description": "for the customer's offers and credit"}
    )


class OrderLineOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    quantity = fields.Int()
    unit_price = out_money()
    discount = out_money(metadata={"description": "taken off this line by offers"})
    line_total = out_money(metadata={"description": "what the customer pays for the line, VAT included"})
    vat_rate = fields.Decimal(as_string=True)
    ships_now = fields.Bool(metadata={"description": "its stock is reserved for this order"})
    expected_on = fields.Date(
        allow_none=True, metadata={"description": "when it can ship, if not now; null if unknown"}
    )
    shipped = fields.Bool()
    returned_quantity = fields.Int()


class DiscountOut(Schema):
    offer_id = fields.Int(allow_none=True, metadata={"description": "null: the customer's own discount"})
    sku = fields.Str(allow_none=True, metadata={"description": "the line it changed; null: the whole order"})
    description = fields.Str()
    amount = out_money()


class AlternativeOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    price = out_money()
    available = fields.Function(lambda p: p.stock_on_hand - p.reserved)


class OrderOut(Schema):
    id = fields.Int(allow_none=True, metadata={"description": "null in a preview"})
    customer_id = fields.Int(allow_none=True, metadata={"description": "none while held for review"})
    status = fields.Str(
        metadata={
            "description": "held_for_review, awaiting_approval, awaiting_payment, placed, "
            "partially_shipped, shipped or cancelled"
        }
    )
    source = fields.Str()
    reference = fields.Str(allow_none=True)
    review_id = fields.Int(allow_none=True)
    seller = fields.Str(allow_none=True)
    currency = fields.Str()
    rate = fields.Decimal(
        as_string=True, metadata={"description": "one unit of currency in the base currency"}
    )
    quote_id = fields.Int(allow_none=True, metadata={"description": "the quote it was accepted from"})
    payment_method = fields.Str()
    delivery_method = fields.Str(allow_none=True)
    delivery_address = fields.Str(
        allow_none=True, metadata={"description": "street, postal code city, country; null: postal address"}
    )
    partial_delivery = fields.Bool()
    goods_total = out_money(metadata={"description": "list price of the lines"})
    discount_total = out_money()
    delivery_fee = out_money()
    vat_total = out_money(metadata={"description": "VAT included in total"})
    total = out_money()
    paid = out_money(metadata={"description": "paid in advance"})
    notices = fields.Function(lambda o: o.notices.split("; ") if o.notices else [])
    approved_by = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    lines = fields.List(fields.Nested(OrderLineOut))
    discounts = fields.List(fields.Nested(DiscountOut))
    alternatives = fields.Dict(
        keys=fields.Str(),
        values=fields.List(fields.Nested(AlternativeOut)),
        metadata={"description": "per sku that cannot ship now: what can ship now instead"},
    )


class OrderPreviewOut(OrderOut):
    suggestions = fields.Nested(SuggestionsOut)


class ApprovalIn(Schema):
    approved = fields.Bool(required=True, metadata={"description": "false cancels the order"})

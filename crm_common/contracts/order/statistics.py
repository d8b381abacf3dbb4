"""Sales per product and seller, and recurring revenue per plan, by month (O9, O10)."""

from marshmallow import Schema, fields


class ProductSalesOut(Schema):
    month = fields.Str()
    sku = fields.Str()
    name = fields.Str()
    quantity = fields.Int()
    orders = fields.Int()
    revenue = fields.Str(metadata={"description": "after discounts, VAT included"})
    currency = fields.Str()


class SellerSalesOut(Schema):
    month = fields.Str()
    seller = fields.Str(metadata={"description": "the agent who booked, or web"})
    orders = fields.Int()
    revenue = fields.Str(metadata={"description": "after discounts, without delivery, VAT included"})
    currency = fields.Str()


class RecurringRevenueOut(Schema):
    month = fields.Str()
    plan = fields.Str()
    kind = fields.Str()
    members = fields.Int()
    recurring_revenue = fields.Decimal(as_string=True, metadata={"description": "per month"})
    currency = fields.Str()

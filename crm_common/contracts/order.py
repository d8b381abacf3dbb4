"""Shapes of the order book: products, orders, offers, deliveries, invoices, payments,
returns and refunds, and the credit situation (O1–O6)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

PAYMENT_METHODS = ("invoice", "card", "prepayment", "cash_on_delivery")
SKU = validate.Regexp(r"^[A-Za-z0-9._-]{1,40}$", error="letters, digits, . _ - (at most 40)")
CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as SEK")


def _money(**kwargs: Any) -> fields.Decimal:
    return fields.Decimal(places=2, validate=validate.Range(0, None), **kwargs)


def _out_money(**kwargs: Any) -> fields.Decimal:
    return fields.Decimal(as_string=True, **kwargs)


class ProductCreate(Schema):
    sku = fields.Str(required=True, validate=SKU)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    product_group = fields.Str(allow_none=True, validate=validate.Length(max=60))
    price = _money(required=True, metadata={"description": "VAT included"})
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
    price = _money()
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
    price = _out_money()
    currency = fields.Str()
    vat_rate = fields.Decimal(as_string=True)
    stock_on_hand = fields.Int()
    reserved = fields.Int(metadata={"description": "promised to orders not shipped yet"})
    available = fields.Function(
        lambda p: p.stock_on_hand - p.reserved, metadata={"description": "can be sold now"}
    )
    restock_date = fields.Date(allow_none=True)
    restock_quantity = fields.Int(allow_none=True)


class StockReceived(Schema):
    quantity = fields.Int(required=True, validate=validate.Range(1, 1_000_000))


class WeekProductIn(Schema):
    sku = fields.Str(required=True, validate=SKU)
    week_of = fields.Date(
        allow_none=True, metadata={"description": "any day of the week; this week when left out"}
    )


class DeliveryMethodIn(Schema):
    code = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9_-]{1,30}$", error="lower-case letters, digits, _ -"),
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    price = _money(required=True, metadata={"description": "VAT included"})
    vat_rate = fields.Decimal(load_default="25.00", places=2, validate=validate.Range(0, 100))


class DeliveryMethodOut(Schema):
    code = fields.Str()
    name = fields.Str()
    price = _out_money()
    vat_rate = fields.Decimal(as_string=True)


class OrderLineIn(Schema):
    sku = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    quantity = fields.Int(required=True, validate=validate.Range(1, 10000))


def _each_sku_once(data: dict[str, Any]) -> None:
    skus = [line["sku"] for line in data.get("lines") or []]
    if len(skus) != len(set(skus)):
        raise ValidationError("each product once per order; add up the quantity", "lines")


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
    partial_delivery = fields.Bool(
        load_default=True, metadata={"description": "false: one parcel when every line is in stock"}
    )

    @validates_schema
    def _lines(self, data: dict[str, Any], **kwargs: object) -> None:
        _each_sku_once(data)


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
    unit_price = _out_money()
    discount = _out_money(metadata={"description": "taken off this line by offers"})
    line_total = _out_money(metadata={"description": "what the customer pays for the line, VAT included"})
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
    amount = _out_money()


class AlternativeOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    price = _out_money()
    available = fields.Function(lambda p: p.stock_on_hand - p.reserved)


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
        _each_sku_once(data)


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
    partial_delivery = fields.Bool()
    goods_total = _out_money(metadata={"description": "list price of the lines"})
    discount_total = _out_money()
    delivery_fee = _out_money()
    vat_total = _out_money(metadata={"description": "VAT included in total"})
    total = _out_money()
    paid = _out_money(metadata={"description": "paid in advance"})
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


class SuggestionOut(Schema):
    sku = fields.Str()
    name = fields.Str()
    price = _out_money()
    available = fields.Int()
    orders_together = fields.Int(
        allow_none=True, metadata={"description": "orders it was on together with the basket"}
    )


class SuggestionsOut(Schema):
    bought_together = fields.List(fields.Nested(SuggestionOut))
    product_of_the_week = fields.Nested(SuggestionOut, allow_none=True)


class OrderPreviewOut(OrderOut):
    suggestions = fields.Nested(SuggestionsOut)


class ApprovalIn(Schema):
    approved = fields.Bool(required=True, metadata={"description": "false cancels the order"})


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


class PaymentIn(Schema):
    amount = fields.Decimal(required=True, places=2, validate=validate.Range(0, None, min_inclusive=False))
    method = fields.Str(
        load_default="bank_transfer",
        validate=validate.OneOf(("bank_transfer", "card", "cash", "giro", "swish")),
    )
    reference = fields.Str(allow_none=True, validate=validate.Length(max=100))


class PaymentOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    order_id = fields.Int(allow_none=True)
    invoice_id = fields.Int(allow_none=True)
    amount = _out_money()
    currency = fields.Str()
    method = fields.Str()
    reference = fields.Str(allow_none=True)
    registered_by = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class DeliveryIn(Schema):
    carrier = fields.Str(allow_none=True, validate=validate.Length(max=60))
    tracking_number = fields.Str(allow_none=True, validate=validate.Length(max=100))
    skus = fields.List(
        fields.Str(validate=SKU),
        metadata={"description": "the lines to ship; every line in stock when left out"},
    )


class DeliveryOut(Schema):
    id = fields.Int()
    order_id = fields.Int()
    customer_id = fields.Int()
    carrier = fields.Str(allow_none=True)
    tracking_number = fields.Str(allow_none=True)
    invoice_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class InvoiceOut(Schema):
    id = fields.Int(metadata={"description": "also the invoice number"})
    kind = fields.Str(metadata={"description": "invoice or credit_note"})
    order_id = fields.Int()
    customer_id = fields.Int()
    refers_to_id = fields.Int(allow_none=True, metadata={"description": "the invoice a credit note credits"})
    currency = fields.Str()
    amount = _out_money()
    vat_total = _out_money()
    paid = _out_money()
    credited = _out_money()
    open_amount = fields.Function(
        lambda i: str(max(i.amount - i.paid - i.credited, 0)) if i.kind == "invoice" else "0.00"
    )
    issued_on = fields.Date()
    due_on = fields.Date()
    lines = fields.List(fields.Dict())


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
    amount = _out_money()
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
    amount = _out_money()
    credit_note_id = fields.Int(allow_none=True)
    refund = fields.Nested(RefundOut, allow_none=True)
    created_at = fields.DateTime()


class CreditOut(Schema):
    customer_id = fields.Int()
    currency = fields.Str()
    credit_limit = _out_money()
    open_balance = _out_money(metadata={"description": "invoiced and not paid"})
    not_due = _out_money()
    overdue = fields.Dict(
        keys=fields.Str(),
        values=_out_money(),
        metadata={"description": "by days past due: 0-30, 31-60, 61-90, 90+"},
    )
    overdue_total = _out_money()
    unbilled_orders = _out_money(metadata={"description": "ordered on credit, not invoiced yet"})
    available = _out_money(metadata={"description": "limit left for new orders on credit"})
    open_invoices = fields.List(fields.Nested(InvoiceOut))


class StockReceivedOut(Schema):
    product = fields.Nested(ProductOut)
    orders_now_ready = fields.List(
        fields.Int(), metadata={"description": "orders whose waiting lines got goods"}
    )


class WeekProductOut(Schema):
    week_start = fields.Date()
    sku = fields.Str()


class ShippedOut(Schema):
    delivery = fields.Nested(DeliveryOut)
    order = fields.Nested(OrderOut)


class OrderPaymentOut(Schema):
    payment = fields.Nested(PaymentOut)
    order = fields.Nested(OrderOut)


class InvoicePaymentOut(Schema):
    payment = fields.Nested(PaymentOut)
    invoice = fields.Nested(InvoiceOut)


class PlanIn(Schema):
    code = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,40}$", error="letters, digits, _ - (at most 40)"),
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(required=True, validate=validate.OneOf(("club", "subscription")))
    price = _money(required=True, metadata={"description": "per period, VAT included"})
    currency = fields.Str(load_default="SEK", validate=CURRENCY)
    period_months = fields.Int(load_default=1, validate=validate.Range(1, 120))


class PlanOut(Schema):
    code = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    price = _out_money()
    currency = fields.Str()
    period_months = fields.Int()


class JoinIn(Schema):
    plan = fields.Str(
        required=True, validate=validate.Length(min=1, max=40), metadata={"description": "plan code"}
    )


class LeaveIn(Schema):
    reason = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=200))


class MembershipOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    plan = fields.Nested(PlanOut)
    status = fields.Str(metadata={"description": "active or ended"})
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    end_reason = fields.Str(allow_none=True)


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


class DeviceIn(Schema):
    serial = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    sku = fields.Str(required=True, validate=SKU)
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    order_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    sold_on = fields.Date(required=True)
    warranty_months = fields.Int(load_default=24, validate=validate.Range(0, 240))
    warranty_until = fields.Date(allow_none=True, metadata={"description": "instead of warranty_months"})


class ServiceJobIn(Schema):
    description = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    labour_cost = _money(load_default="0.00")
    parts_cost = _money(load_default="0.00")
    customer_caused = fields.Bool(
        load_default=False, metadata={"description": "damage the warranty does not cover"}
    )
    case_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    call_id = fields.Int(allow_none=True, validate=validate.Range(1, None))


class ServiceJobDone(Schema):
    labour_cost = _money(allow_none=True)
    parts_cost = _money(allow_none=True)


class ServiceJobOut(Schema):
    id = fields.Int()
    device_id = fields.Int()
    customer_id = fields.Int()
    description = fields.Str()
    status = fields.Str(metadata={"description": "open or done"})
    labour_cost = _out_money()
    parts_cost = _out_money()
    under_warranty = fields.Bool()
    charged = _out_money(metadata={"description": "what the customer pays"})
    case_id = fields.Int(allow_none=True)
    call_id = fields.Int(allow_none=True)
    opened_on = fields.Date()
    done_on = fields.Date(allow_none=True)


class DeviceOut(Schema):
    id = fields.Int()
    serial = fields.Str()
    sku = fields.Str()
    name = fields.Str()
    customer_id = fields.Int()
    order_id = fields.Int(allow_none=True)
    sold_on = fields.Date()
    warranty_until = fields.Date()
    under_warranty = fields.Bool(metadata={"description": "today"})
    service_jobs = fields.List(fields.Nested(ServiceJobOut))
    service_cost = _out_money(metadata={"description": "labour and parts of every job"})
    charged_total = _out_money(metadata={"description": "what the customer paid for them"})


class ExchangeRateBody(Schema):
    rate = fields.Decimal(
        required=True,
        places=6,
        validate=validate.Range(0, None, min_inclusive=False),
        metadata={"description": "one unit of the currency in the base currency"},
    )


class ExchangeRateIn(ExchangeRateBody):
    currency = fields.Str(required=True, validate=CURRENCY)


class ExchangeRateOut(Schema):
    currency = fields.Str()
    rate = fields.Decimal(as_string=True)
    set_by = fields.Str(allow_none=True)
    updated_at = fields.DateTime()


class QuoteVariantIn(Schema):
    label = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _lines(self, data: dict[str, Any], **kwargs: object) -> None:
        _each_sku_once(data)


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
    total = _out_money()
    vat_total = _out_money()


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

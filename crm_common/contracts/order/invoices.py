"""Invoices, credit notes and payments: in advance for an order, or of an invoice (O6)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.orders import OrderOut
from crm_common.contracts.order.vocabulary import out_money


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
    amount = out_money()
    currency = fields.Str()
    method = fields.Str()
    reference = fields.Str(allow_none=True)
    registered_by = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class InvoiceOut(Schema):
    id = fields.Int(metadata={"description": "also the invoice number"})
    kind = fields.Str(metadata={"description": "invoice or credit_note"})
    order_id = fields.Int()
    customer_id = fields.Int()
    refers_to_id = fields.Int(allow_none=True, metadata={"description": "the invoice a credit note credits"})
    currency = fields.Str()
    amount = out_money()
    vat_total = out_money()
    paid = out_money()
    credited = out_money()
    open_amount = fields.Function(
        lambda i: str(max(i.amount - i.paid - i.credited, 0)) if i.kind == "invoice" else "0.00"
    )
    issued_on = fields.Date()
    due_on = fields.Date()
    lines = fields.List(fields.Dict())


class OrderPaymentOut(Schema):
    payment = fields.Nested(PaymentOut)
    order = fields.Nested(OrderOut)


class InvoicePaymentOut(Schema):
    payment = fields.Nested(PaymentOut)
    invoice = fields.Nested(InvoiceOut)

"""A customer's credit situation: limit, open balance, overdue by age, what is left (O6)."""

from marshmallow import Schema, fields

from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.vocabulary import out_money


class CreditOut(Schema):
    customer_id = fields.Int()
    currency = fields.Str()
    credit_limit = out_money()
    open_balance = out_money(metadata={"description": "invoiced and not paid"})
    not_due = out_money()
    overdue = fields.Dict(
        keys=fields.Str(),
        values=out_money(),
        metadata={"description": "by days past due: 0-30, 31-60, 61-90, 90+"},
    )
    overdue_total = out_money()
    unbilled_orders = out_money(metadata={"description": "ordered on credit, not invoiced yet"})
    available = out_money(metadata={"description": "limit left for new orders on credit"})
    open_invoices = fields.List(fields.Nested(InvoiceOut))

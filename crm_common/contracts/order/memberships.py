"""Clubs and subscriptions: plans, joining and leaving (O9)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.vocabulary import CURRENCY, money, out_money


class PlanIn(Schema):
    code = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,40}$", error="letters, digits, _ - (at most 40)"),
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(required=True, validate=validate.OneOf(("club", "subscription")))
    price = money(required=True, metadata={"description": "per period, VAT included"})
    currency = fields.Str(load_default="SEK", validate=CURRENCY)
    period_months = fields.Int(load_default=1, validate=validate.Range(1, 120))


class PlanOut(Schema):
    code = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    price = out_money()
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

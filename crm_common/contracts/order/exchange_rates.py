"""Exchange rates: what one unit of a currency is worth in the base currency (O7)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.order.vocabulary import CURRENCY


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

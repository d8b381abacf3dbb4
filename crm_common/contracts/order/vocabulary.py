"""What the order contracts share: the payment methods, a sku and a currency code as
fields accept them, money in and out, and the rule that a product is on an order once."""

from typing import Any

from marshmallow import ValidationError, fields, validate

PAYMENT_METHODS = ("invoice", "card", "prepayment", "cash_on_delivery")
SKU = validate.Regexp(r"^[A-Za-z0-9._-]{1,40}$", error="letters, digits, . _ - (at most 40)")
CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as SEK")


def money(**kwargs: Any) -> fields.Decimal:
    """An amount taken in: two decimals, not negative."""
    return fields.Decimal(places=2, validate=validate.Range(0, None), **kwargs)


def out_money(**kwargs: Any) -> fields.Decimal:
    """An amount answered, as a string."""
    return fields.Decimal(as_string=True, **kwargs)


def each_sku_once(data: dict[str, Any]) -> None:
    skus = [line["sku"] for line in data.get("lines") or []]
    if len(skus) != len(set(skus)):
        raise ValidationError("each product once per order; add up the quantity", "lines")

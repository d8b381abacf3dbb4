"""What a customer changes of their own in the portal (C12)."""

from marshmallow import Schema, fields, validate


class OwnAddressIn(Schema):
    street = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class OwnDetailsIn(Schema):
    """What a customer may change of their own in the portal (C12): their mobile number
    and their postal address (in their own country unless `country` says otherwise)."""

    phone = fields.Str(validate=validate.Length(min=3, max=40))
    address = fields.Nested(OwnAddressIn)

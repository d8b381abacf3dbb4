"""Addresses: what a customer's address is given and answered as, the address check
and its warnings, and address blocks (C3, C4, C6)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

ADDRESS_KINDS = ("postal", "visiting", "delivery")


class StoredAddress(Protocol):
    """What a customer's dump (CustomerOut, ContactOut) reads of a stored address."""

    @property
    def street(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def valid_to(self) -> datetime | None: ...


class HasAddresses(Protocol):
    @property
    def addresses(self) -> Sequence[StoredAddress]: ...


class AddressIn(Schema):
    kind = fields.Str(load_default="postal", validate=validate.OneOf(ADDRESS_KINDS))
    street = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class AddressOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    street = fields.Str()
    postal_code = fields.Str()
    city = fields.Str()
    country = fields.Str()
    valid_from = fields.DateTime()
    valid_to = fields.DateTime(allow_none=True)


class AddressCheckIn(Schema):
    addresses = fields.List(fields.Nested(AddressIn), required=True)
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class AddressWarning(Schema):
    field = fields.Str(metadata={"description": "which address, e.g. addresses.0"})
    code = fields.Str(metadata={"description": "address_blocked, unknown_postal_code or town_mismatch"})
    message = fields.Str()
    expected = fields.Str(allow_none=True, metadata={"description": "the town the postal register names"})
    block_id = fields.Int(allow_none=True)


BLOCK_KINDS = ("postcode", "postcode_range", "street", "address")


class AddressBlockIn(Schema):
    """What to block: `postcode` (postal_code), `postcode_range` (postal_code to
    postal_code_to), `street` (street in city) or `address` (street with house number and
    postal_code)."""

    kind = fields.Str(required=True, validate=validate.OneOf(BLOCK_KINDS))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))
    postal_code = fields.Str(validate=validate.Length(min=1, max=16))
    postal_code_to = fields.Str(validate=validate.Length(min=1, max=16))
    street = fields.Str(validate=validate.Length(min=1, max=200))
    city = fields.Str(validate=validate.Length(min=1, max=100))
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _fields_of_kind(self, data: dict[str, Any], **kwargs: object) -> None:
        needs = {
            "postcode": ("postal_code",),
            "postcode_range": ("postal_code", "postal_code_to"),
            "street": ("street", "city"),
            "address": ("street", "postal_code"),
        }
        missing = {
            f: f"a {data.get('kind')} block needs it"
            for f in needs.get(data.get("kind") or "", ())
            if not data.get(f)
        }
        if missing:
            raise ValidationError(missing)


class AddressBlockOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    country = fields.Str()
    postal_code = fields.Str(attribute="postcode_from", allow_none=True)
    postal_code_to = fields.Str(attribute="postcode_to", allow_none=True)
    street = fields.Str(allow_none=True)
    city = fields.Str(allow_none=True)
    reason = fields.Str()
    created_by = fields.Str()
    created_at = fields.DateTime()

"""The customer record: a person or an organisation as it is created, changed and
answered, with its phones and e-mails (C1, C6, C9)."""

from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.customer.addresses import AddressIn, AddressOut, HasAddresses
from crm_common.contracts.tiers import TIERS

KINDS = ("person", "organisation")


class PhoneIn(Schema):
    number = fields.Str(required=True, validate=validate.Length(min=3, max=40))
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


class EmailIn(Schema):
    address = fields.Email(required=True)
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


def _lived(born: date) -> None:
    if born > date.today():
        raise ValidationError("cannot be in the future")
    if born < date(1900, 1, 1):
        raise ValidationError("cannot be before 1900")


def _real_day(text: str) -> None:
    """A day some year has (02-29 too: a name day is kept in leap years)."""
    try:
        datetime.strptime(f"2000-{text}", "%Y-%m-%d")
    except ValueError:
        raise ValidationError("no such day") from None


class CustomerFields(Schema):
    """Fields a create and an update share; kind-specific rules are checked per kind."""

    name = fields.Str(validate=validate.Length(min=1, max=200))
    given_name = fields.Str(validate=validate.Length(min=1, max=100))
    family_name = fields.Str(validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))
    language = fields.Str(allow_none=True, validate=validate.Length(min=2, max=8))
    national_id = fields.Str(allow_none=True, validate=validate.Length(min=1, max=32))
    org_number = fields.Str(allow_none=True, validate=validate.Length(min=1, max=32))
    birthday = fields.Date(allow_none=True, validate=_lived)
    name_day = fields.Str(
        allow_none=True,
        validate=[
            validate.Regexp(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", error="month and day as MM-DD"),
            _real_day,
        ],
    )
    job_title = fields.Str(allow_none=True, validate=validate.Length(max=120))
    industry = fields.Str(allow_none=True, validate=validate.Length(max=120))
    categories = fields.List(fields.Str(validate=validate.Length(min=1, max=60)))
    satisfaction = fields.Int(allow_none=True, validate=validate.Range(1, 5))
    payment_terms_days = fields.Int(allow_none=True, validate=validate.Range(0, 365))
    discount_percent = fields.Decimal(
        allow_none=True,
        places=2,
        validate=validate.Range(0, 100),
        metadata={"description": "a supervisor's or admin's to set or change (403 otherwise)"},
    )
    credit_limit = fields.Decimal(
        allow_none=True,
        places=2,
        validate=validate.Range(0, None),
        metadata={"description": "a supervisor's or admin's to set or change (403 otherwise)"},
    )
    currency = fields.Str(
        allow_none=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as SEK")
    )
    parent_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    tier = fields.Str(validate=validate.OneOf(TIERS))
    newsletter = fields.Bool()
    phones = fields.List(fields.Nested(PhoneIn))
    emails = fields.List(fields.Nested(EmailIn))
    addresses = fields.List(fields.Nested(AddressIn))

    @validates_schema
    def _one_address_per_kind(self, data: dict[str, Any], **kwargs: object) -> None:
        kinds = [a.get("kind", "postal") for a in data.get("addresses") or []]
        if len(kinds) != len(set(kinds)):
            raise ValidationError("at most one current address of each kind", "addresses")


class CustomerCreate(CustomerFields):
    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))

    @validates_schema
    def _kind_rules(self, data: dict[str, Any], **kwargs: object) -> None:
        kind = data.get("kind")
        errors = {}
        if kind == "person":
            if not data.get("name") and not (data.get("given_name") and data.get("family_name")):
                errors["given_name"] = "a person needs given_name and family_name (or name)"
            for f in ("org_number", "industry", "parent_id"):
                if data.get(f) is not None:
                    errors[f] = "only an organisation has this"
        elif kind == "organisation":
            if not data.get("name"):
                errors["name"] = "an organisation needs a name"
            for f in ("national_id", "given_name", "family_name", "birthday", "name_day"):
                if data.get(f) is not None:
                    errors[f] = "only a person has this"
        if errors:
            raise ValidationError(errors)


class CustomerUpdate(CustomerFields):
    """Partial update: what is given replaces; a new address of a kind closes the old one
    (its validity ends now) rather than overwriting it."""


class PhoneOut(Schema):
    e164 = fields.Str()
    raw = fields.Str()
    label = fields.Str()


class EmailOut(Schema):
    address = fields.Str()
    label = fields.Str()


class CustomerOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    name = fields.Str()
    given_name = fields.Str(allow_none=True)
    family_name = fields.Str(allow_none=True)
    country = fields.Str()
    language = fields.Str(allow_none=True)
    national_id = fields.Str(allow_none=True)
    org_number = fields.Str(allow_none=True)
    birthday = fields.Date(allow_none=True)
    name_day = fields.Str(allow_none=True)
    job_title = fields.Str(allow_none=True)
    industry = fields.Str(allow_none=True)
    categories = fields.List(fields.Str())
    satisfaction = fields.Int(allow_none=True)
    payment_terms_days = fields.Int(allow_none=True)
    discount_percent = fields.Decimal(as_string=True, allow_none=True)
    credit_limit = fields.Decimal(as_string=True, allow_none=True)
    currency = fields.Str(allow_none=True)
    parent_id = fields.Int(allow_none=True)
    tier = fields.Str()
    newsletter = fields.Bool(metadata={"description": "wants the newsletter (see marketing_consent)"})
    marketing_consent = fields.Bool(
        metadata={"description": "may be sent marketing (opt-in): campaigns reach only these"}
    )
    consent_changed_at = fields.DateTime(
        allow_none=True, metadata={"description": "when consent last changed"}
    )
    consent_source = fields.Str(
        allow_none=True, metadata={"description": "how: portal, agent:<username>, import, web order"}
    )
    last_contact_at = fields.DateTime(allow_none=True)
    merged_into_id = fields.Int(allow_none=True, metadata={"description": "set once merged away"})
    erased_at = fields.DateTime(
        allow_none=True, metadata={"description": "set once the person's data was erased (GDPR art. 17)"}
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    phones = fields.List(fields.Nested(PhoneOut))
    emails = fields.List(fields.Nested(EmailOut))
    addresses = fields.Method("current_addresses", metadata={"description": "current addresses"})
    address_history = fields.Method(
        "past_addresses", metadata={"description": "earlier addresses with their validity (C6)"}
    )
    employments = fields.Raw(
        metadata={"description": "organisations of a person, or people of an organisation"}
    )

    def current_addresses(self, obj: HasAddresses) -> list[dict[str, object]]:
        current: list[dict[str, object]] = AddressOut(many=True).dump(
            [a for a in obj.addresses if a.valid_to is None]
        )
        return current

    def past_addresses(self, obj: HasAddresses) -> list[dict[str, object]]:
        past: list[dict[str, object]] = AddressOut(many=True).dump(
            [a for a in obj.addresses if a.valid_to is not None]
        )
        return past


class CustomerSummary(Schema):
    id = fields.Int()
    kind = fields.Str()
    name = fields.Str()
    country = fields.Str()
    tier = fields.Str()


class CustomerRef(Schema):
    id = fields.Int()
    name = fields.Str()


class CustomerTerms(Schema):
    """What the order book needs of a customer."""

    id = fields.Int()
    name = fields.Str()
    discount_percent = fields.Decimal(as_string=True, allow_none=True)
    credit_limit = fields.Decimal(as_string=True, allow_none=True)
    erased_at = fields.DateTime(allow_none=True, metadata={"description": "set: nothing is booked for them"})

"""Shapes of the customer register (C1, C6, C9)."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.tiers import TIERS

KINDS = ("person", "organisation")


ADDRESS_KINDS = ("postal", "visiting", "delivery")


class _Address(Protocol):
    """What the dumps below read of a stored address."""

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


class _HasAddresses(Protocol):
    @property
    def addresses(self) -> Sequence[_Address]: ...


class PhoneIn(Schema):
    number = fields.Str(required=True, validate=validate.Length(min=3, max=40))
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


class EmailIn(Schema):
    address = fields.Email(required=True)
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


class AddressIn(Schema):
    kind = fields.Str(load_default="postal", validate=validate.OneOf(ADDRESS_KINDS))
    street = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


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


class PhoneOut(Schema):
    e164 = fields.Str()
    raw = fields.Str()
    label = fields.Str()


class EmailOut(Schema):
    address = fields.Str()
    label = fields.Str()


class AddressOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    street = fields.Str()
    postal_code = fields.Str()
    city = fields.Str()
    country = fields.Str()
    valid_from = fields.DateTime()
    valid_to = fields.DateTime(allow_none=True)


class CustomerTerms(Schema):
    """What the order book needs of a customer."""

    id = fields.Int()
    name = fields.Str()
    discount_percent = fields.Decimal(as_string=True, allow_none=True)
    credit_limit = fields.Decimal(as_string=True, allow_none=True)
    erased_at = fields.DateTime(allow_none=True, metadata={"description": "set: nothing is booked for them"})


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
    newsletter = fields.Bool()
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

    def current_addresses(self, obj: _HasAddresses) -> list[dict[str, object]]:
        current: list[dict[str, object]] = AddressOut(many=True).dump(
            [a for a in obj.addresses if a.valid_to is None]
        )
        return current

    def past_addresses(self, obj: _HasAddresses) -> list[dict[str, object]]:
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


class EmploymentIn(Schema):
    person_id = fields.Int(required=True, validate=validate.Range(1, None))
    job_title = fields.Str(allow_none=True, validate=validate.Length(max=120))
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    is_contact = fields.Bool(load_default=True)
    receives_newsletter = fields.Bool(load_default=False)

    @validates_schema
    def _period(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            raise ValidationError("ends before it starts", "ended_on")


class EmploymentOut(Schema):
    id = fields.Int()
    person_id = fields.Int()
    person_name = fields.Str()
    organisation_id = fields.Int()
    organisation_name = fields.Str()
    job_title = fields.Str(allow_none=True)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    is_contact = fields.Bool()
    receives_newsletter = fields.Bool()


class NoteIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=10000))


IMPORTANCE = ("red", "yellow", "green")


class LogEntryIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    importance = fields.Str(
        load_default="green",
        validate=validate.OneOf(IMPORTANCE),
        metadata={"description": "red: must know; yellow: should know; green: good to know"},
    )
    relevant_until = fields.Date(
        allow_none=True, load_default=None, metadata={"description": "shown until this day; always if empty"}
    )
    pop_up = fields.Bool(load_default=None, metadata={"description": "pops up when the customer is opened"})
    remind_at_login = fields.Bool(load_default=False, metadata={"description": "shown at my next logins"})


class LogEntryOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    customer_name = fields.Str(metadata={"description": "in the at-login list"})
    author = fields.Str()
    text = fields.Str()
    importance = fields.Str()
    relevant_until = fields.Date(allow_none=True)
    pop_up = fields.Bool()
    remind_at_login = fields.Bool()
    created_at = fields.DateTime()


class NoteOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    author = fields.Str()
    text = fields.Str()
    created_at = fields.DateTime()


class PhoneMatch(Schema):
    customer = fields.Nested(CustomerSummary)
    organisations = fields.List(fields.Nested(CustomerSummary))
    e164 = fields.Str()


class MergeIn(Schema):
    merged_id = fields.Int(
        required=True,
        validate=validate.Range(1, None),
        metadata={"description": "the customer that folds into this one"},
    )


class MergeOut(Schema):
    id = fields.Int()
    survivor_id = fields.Int()
    merged_id = fields.Int()
    merged_by = fields.Str()
    merged_at = fields.DateTime()
    snapshot = fields.Dict(metadata={"description": "the merged customer as it was"})


class SelectionIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    criteria = fields.Dict(
        required=True,
        metadata={"description": 'a criterion, or {"all": […]}, {"any": […]}, {"not": …}; see the README'},
    )


class CriteriaIn(Schema):
    criteria = fields.Dict(required=True)


class SelectionOut(Schema):
    id = fields.Int()
    name = fields.Str()
    criteria = fields.Dict()
    created_by = fields.Str()
    created_at = fields.DateTime()
    last_size = fields.Int(
        allow_none=True, metadata={"description": "how many customers it found when last run"}
    )
    last_run_at = fields.DateTime(allow_none=True)


class ContactOut(Schema):
    """What messaging needs of a customer to write to them."""

    id = fields.Int()
    name = fields.Str()
    given_name = fields.Str(allow_none=True)
    family_name = fields.Str(allow_none=True)
    language = fields.Str(allow_none=True)
    country = fields.Str()
    emails = fields.List(fields.Nested(EmailOut))
    phones = fields.List(fields.Nested(PhoneOut))
    addresses = fields.Method("current_addresses")

    def current_addresses(self, customer: _HasAddresses) -> list[dict[str, str | None]]:
        return [
            {"street": a.street, "postal_code": a.postal_code, "city": a.city, "country": a.country}
            for a in customer.addresses
            if a.valid_to is None
        ]


class PredictionOut(Schema):
    customer_id = fields.Int()
    churn_risk = fields.Float(metadata={"description": "the chance of not buying within the model's horizon"})
    next_group = fields.Str(allow_none=True, metadata={"description": "the product group likeliest next"})
    next_group_probability = fields.Float(allow_none=True)
    model_id = fields.Int()
    scored_at = fields.DateTime()


class PredictionModelOut(Schema):
    id = fields.Int()
    trained_at = fields.DateTime()
    horizon_days = fields.Int()
    customers = fields.Int(metadata={"description": "customers scored"})
    churn_auc = fields.Float(allow_none=True, metadata={"description": "ROC AUC on the held-back period"})
    churn_base_rate = fields.Float(allow_none=True, metadata={"description": "share who did not buy then"})
    next_group_hit_rate = fields.Float(allow_none=True, metadata={"description": "next group guessed right"})
    next_group_baseline = fields.Float(
        allow_none=True, metadata={"description": "always the commonest group"}
    )

"""Relations: people working for organisations, and who owns a phone number (C9)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.customer.customers import CustomerRef, CustomerSummary


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


class EmploymentEnd(Schema):
    ended_on = fields.Date(required=True, metadata={"description": "the last day of the employment"})


class HoldingOut(Schema):
    """An organisation's place in its holding: one level up, one level down."""

    parent = fields.Nested(CustomerRef, allow_none=True)
    subsidiaries = fields.List(fields.Nested(CustomerRef))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for more"})


class PhoneMatch(Schema):
    customer = fields.Nested(CustomerSummary)
    organisations = fields.List(fields.Nested(CustomerSummary))
    e164 = fields.Str()

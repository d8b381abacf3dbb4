"""Service levels (K5): business-hour calendars, and policies with their targets and
escalation steps."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from crm_common.contracts.case.vocabulary import PRIORITIES, short_name, tier_list

SLA_TARGETS = ("first_response", "next_response", "resolution")
SLA_ACTIONS = ("notify_email", "notify_sms", "raise_priority", "reassign")


class CalendarIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    timezone = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    country = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(equal=2),
        metadata={"description": "whose public holidays close the calendar"},
    )
    hours = fields.Dict(
        required=True,
        metadata={"description": 'opening hours per weekday: {"mon": [["08:00", "17:00"]], ...}'},
    )
    closed_days = fields.List(fields.Date(), load_default=list)

    @validates("timezone")
    def _zone(self, value: str, **kwargs: object) -> None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError("not a time zone (e.g. Europe/Stockholm)") from None

    @validates("country")
    def _country(self, value: str | None, **kwargs: object) -> None:
        if value is not None and value.upper() not in holidays.list_supported_countries():
            raise ValidationError("no holiday register for this country")


class CalendarOut(Schema):
    id = fields.Int()
    name = fields.Str()
    timezone = fields.Str()
    country = fields.Str(allow_none=True)
    hours = fields.Dict()
    closed_days = fields.List(fields.Str())


class EscalationStep(Schema):
    target = fields.Str(required=True, validate=validate.OneOf(SLA_TARGETS))
    minutes_before = fields.Int(
        load_default=0,
        validate=validate.Range(0, 100000),
        metadata={"description": "business minutes before the breach; 0 is at the breach"},
    )
    actions = fields.List(
        fields.Str(validate=validate.OneOf(SLA_ACTIONS)), required=True, validate=validate.Length(min=1)
    )
    email_to = fields.List(
        fields.Email(), load_default=list, metadata={"description": "default: the case's agent"}
    )
    sms_to = fields.List(fields.Str(validate=validate.Length(min=3, max=40)), load_default=list)
    queue = fields.Str(load_default=None, allow_none=True, validate=short_name)

    @validates_schema
    def _reassign_needs_queue(self, data: dict[str, Any], **kwargs: object) -> None:
        if "reassign" in data.get("actions", []) and not data.get("queue"):
            raise ValidationError({"queue": "reassign needs the queue to move the case to"})


class SlaPolicyIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    tiers = tier_list
    priorities = fields.List(fields.Str(validate=validate.OneOf(PRIORITIES)), load_default=list)
    rank = fields.Int(load_default=100, validate=validate.Range(0, 10000))
    calendar_id = fields.Int(required=True, validate=validate.Range(1, None))
    first_response_minutes = fields.Int(required=True, validate=validate.Range(1, 10**6))
    next_response_minutes = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, 10**6))
    resolution_minutes = fields.Int(required=True, validate=validate.Range(1, 10**7))
    escalations = fields.List(fields.Nested(EscalationStep), load_default=list)

    @validates_schema
    def _steps_fit(self, data: dict[str, Any], **kwargs: object) -> None:
        for i, step in enumerate(data.get("escalations", [])):
            if step["target"] == "next_response" and not data.get("next_response_minutes"):
                raise ValidationError({"escalations": f"step {i}: the policy has no next-response target"})


class SlaPolicyOut(Schema):
    id = fields.Int()
    name = fields.Str()
    tiers = fields.List(fields.Str())
    priorities = fields.List(fields.Str())
    rank = fields.Int()
    calendar_id = fields.Int()
    first_response_minutes = fields.Int()
    next_response_minutes = fields.Int(allow_none=True)
    resolution_minutes = fields.Int()
    escalations = fields.List(fields.Dict())

"""A period of calendar months, as statistics and reports take it."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="a month as YYYY-MM")


class PeriodIn(Schema):
    """Calendar months, both included."""

    first = fields.Str(required=True, data_key="from", validate=MONTH)
    last = fields.Str(required=True, data_key="to", validate=MONTH)

    @validates_schema
    def _order(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise ValidationError("the period ends before it starts", "to")

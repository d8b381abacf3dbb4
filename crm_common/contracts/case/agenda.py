"""The agenda (K12): bookings, meetings, tasks and watches, and the personal list of
mileage and expenses."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.case.vocabulary import short_name

AGENDA_KINDS = ("booking", "meeting", "task", "watch")


class AgendaItemIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(AGENDA_KINDS))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=5000))
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "a task's or watch's due time"})
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True)
    resource = fields.Str(
        load_default=None,
        allow_none=True,
        validate=short_name,
        metadata={"description": "what a booking books"},
    )
    participants = fields.List(fields.Str(validate=validate.Length(min=1, max=80)), load_default=list)
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    at_login = fields.Bool(load_default=False, metadata={"description": "pops up at login once due"})
    remind_minutes_before = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, 366 * 24 * 60),
        metadata={"description": "a reminder by e-mail to the owner and participants"},
    )


class AgendaItemOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    description = fields.Str()
    owner = fields.Str()
    participants = fields.List(fields.Str())
    resource = fields.Str(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    case_id = fields.Int(allow_none=True)
    at_login = fields.Bool()
    done_at = fields.DateTime(allow_none=True)


class PersonalEntryIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(("mileage", "expense")))
    on_date = fields.Date(required=True)
    amount = fields.Decimal(
        required=True,
        places=2,
        as_string=True,
        validate=validate.Range(0, 10**9, min_inclusive=False),
        metadata={"description": "kilometres, or the expense's amount"},
    )
    currency = fields.Str(load_default=None, allow_none=True, validate=validate.Length(equal=3))
    description = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))


class PersonalEntryOut(Schema):
    id = fields.Int()
    owner = fields.Str()
    kind = fields.Str()
    on_date = fields.Date()
    amount = fields.Decimal(as_string=True)
    currency = fields.Str(allow_none=True)
    description = fields.Str()
    customer_id = fields.Int(allow_none=True)

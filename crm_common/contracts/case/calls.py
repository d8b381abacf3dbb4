"""Registered calls (K9): call types, a call's registration, and the monthly counts."""

from marshmallow import Schema, fields, validate


class CallTypeIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))


class CallTypeOut(Schema):
    id = fields.Int()
    name = fields.Str()


class CallRegistrationIn(Schema):
    call_type = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    call_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the call as the PBX reported it, if it did"},
    )
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    agency = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "the external agency that took the call (commission)"},
    )
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    order_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    note = fields.Str(load_default="", validate=validate.Length(max=5000))


class CallRegistrationOut(Schema):
    id = fields.Int()
    call_type = fields.Str()
    call_id = fields.Int(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    agent = fields.Str()
    agency = fields.Str(allow_none=True)
    case_id = fields.Int(allow_none=True)
    order_id = fields.Int(allow_none=True)
    note = fields.Str()
    registered_at = fields.DateTime()


class CallCountOut(Schema):
    month = fields.Str()
    call_type = fields.Str()
    agent = fields.Str(metadata={"description": "with by=agent"})
    agency = fields.Str(allow_none=True, metadata={"description": "with by=agency"})
    calls = fields.Int()
    with_order = fields.Int()
    with_case = fields.Int()

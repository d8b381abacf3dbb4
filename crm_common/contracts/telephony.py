"""Shapes of PBX call events and calls (T1, T2, T3)."""

from marshmallow import Schema, fields, validate

EVENTS = ("ringing", "answered", "transferred", "hangup")


class CallEventIn(Schema):
    event = fields.Str(required=True, validate=validate.OneOf(EVENTS))
    call_id = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    from_ = fields.Str(
        data_key="from",
        load_default="",
        validate=validate.Length(max=60),
        metadata={"description": "the calling number as the PBX sends it"},
    )
    to = fields.Str(load_default="", validate=validate.Length(max=60))
    direction = fields.Str(load_default="in", validate=validate.OneOf(("in", "out")))
    extension = fields.Str(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=40),
        metadata={"description": "the agent's extension that rings or answered"},
    )
    agent = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=80))
    queue = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=80))
    cause = fields.Str(allow_none=True, load_default=None, validate=validate.Length(max=80))
    at = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "when it happened; now if left out"}
    )


class CallOut(Schema):
    id = fields.Int()
    call_id = fields.Str()
    direction = fields.Str()
    state = fields.Str(metadata={"description": "ringing, answered or ended"})
    remote_number = fields.Str(
        allow_none=True, metadata={"description": "the customer's side in E.164, if it is a number"}
    )
    remote_raw = fields.Str()
    local_number = fields.Str()
    extension = fields.Str(allow_none=True)
    agent = fields.Str(allow_none=True)
    queue = fields.Str(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    customer_name = fields.Str(allow_none=True)
    organisation_id = fields.Int(allow_none=True)
    organisation_name = fields.Str(allow_none=True)
    cause = fields.Str(allow_none=True)
    started_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)

"""Shapes of cases (K1, K2)."""

from marshmallow import Schema, fields, validate

CHANNELS = ("phone", "email", "web", "sms", "chat", "fax", "letter", "visit")
PRIORITIES = ("low", "normal", "high", "urgent")


class CaseCreate(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=20000))
    channel = fields.Str(load_default="phone", validate=validate.OneOf(CHANNELS))
    priority = fields.Str(load_default="normal", validate=validate.OneOf(PRIORITIES))


class CaseOut(Schema):
    id = fields.Int()
    number = fields.Str(metadata={"description": "the number the customer quotes, e.g. 2026-000042"})
    customer_id = fields.Int()
    subject = fields.Str()
    description = fields.Str()
    channel = fields.Str()
    priority = fields.Str()
    status = fields.Str()
    opened_by = fields.Str()
    created_at = fields.DateTime()

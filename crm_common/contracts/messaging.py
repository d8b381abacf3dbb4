"""Shapes of the per-customer log of what was sent (M3)."""

from marshmallow import Schema, fields


class MessageOut(Schema):
    id = fields.Int()
    customer_id = fields.Int(allow_none=True)
    channel = fields.Str()
    template = fields.Str()
    recipient = fields.Str(allow_none=True)
    subject = fields.Str()
    body = fields.Str()
    status = fields.Str(
        metadata={"description": "recorded: rendered and logged; no_address: nowhere to send it"}
    )
    message_id = fields.Str(allow_none=True)
    in_reply_to = fields.Str(allow_none=True)
    created_at = fields.DateTime()

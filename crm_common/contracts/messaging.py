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
        metadata={
            "description": "queued, sending, sent, failed (see failure), or no_address (nowhere to send"
            " it); recorded: from before messages were sent"
        }
    )
    attempts = fields.Int()
    sent_at = fields.DateTime(allow_none=True)
    failure = fields.Str(allow_none=True, metadata={"description": "why it failed, or why the last try did"})
    message_id = fields.Str(allow_none=True)
    in_reply_to = fields.Str(allow_none=True)
    created_at = fields.DateTime()

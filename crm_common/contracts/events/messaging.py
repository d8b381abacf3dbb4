"""The events the messaging service publishes (exchange `messaging.events`)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about

PUBLISHER = "messaging"


class MessageRecorded(Schema):
    """A message to a customer was written down, to be sent."""

    message_id = fields.Int(strict=True, required=True, metadata=about("the message"))
    customer_id = fields.Int(
        strict=True, required=True, allow_none=True, metadata=about("its recipient, when a customer")
    )
    template = fields.Str(required=True, allow_none=True, metadata=about("the template it was made from"))


class MessageSent(Schema):
    """A message left through its channel."""

    message_id = fields.Int(strict=True, required=True, metadata=about("the message"))
    customer_id = fields.Int(
        strict=True, required=True, allow_none=True, metadata=about("its recipient, when a customer")
    )
    channel = fields.Str(required=True, metadata=about("email or sms"))
    template = fields.Str(required=True, allow_none=True, metadata=about("the template it was made from"))
    sent_at = fields.DateTime(required=True, metadata=about("when, UTC"))


EVENTS: dict[str, type[Schema]] = {"message_recorded": MessageRecorded, "message_sent": MessageSent}

"""What customers send by SMS, chat or web form, what it became, and tying an unknown
sender's case to a customer (K1)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.case.cases import CaseOut

INBOUND_CHANNELS = ("sms", "chat", "web")


class InboundMessageIn(Schema):
    """A message from an SMS, chat or web-form gateway."""

    channel = fields.Str(required=True, validate=validate.OneOf(INBOUND_CHANNELS))
    sender = fields.Str(
        required=True,
        validate=validate.Length(min=3, max=254),
        metadata={"description": "a phone number (sms) or an e-mail address (chat, web)"},
    )
    sender_name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    subject = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    message_id = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "the provider's id: a retried delivery with the same id journals once"},
    )
    sent_at = fields.DateTime(load_default=None, allow_none=True)

    @validates_schema
    def _sender_fits_channel(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("channel") in ("chat", "web") and "@" not in data.get("sender", ""):
            raise ValidationError({"sender": "chat and web messages need the sender's e-mail address"})


class InboundOut(Schema):
    case = fields.Nested(CaseOut)
    entry_id = fields.Int()
    opened = fields.Bool(metadata={"description": "a new case was opened for it"})
    duplicate = fields.Bool(metadata={"description": "this message had been received before"})


class LinkCustomerIn(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))

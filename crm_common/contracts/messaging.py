"""Shapes of the per-customer log of what was sent (M3)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


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
    language = fields.Str(allow_none=True)
    html_body = fields.Str(allow_none=True, metadata={"description": "an e-mail's HTML part"})
    message_id = fields.Str(allow_none=True)
    in_reply_to = fields.Str(allow_none=True)
    created_at = fields.DateTime()


CHANNELS = ("email", "sms", "letter")
_language = validate.Length(min=2, max=8)


class TemplateIn(Schema):
    name = fields.Str(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,60}$", error="a-z, 0-9 and _"))
    language = fields.Str(required=True, validate=_language)
    channel = fields.Str(required=True, validate=validate.OneOf((*CHANNELS, "partial")))
    purpose = fields.Str(load_default="service", validate=validate.OneOf(("service", "marketing")))
    topic = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=60),
        metadata={"description": "a newsletter's name: opting out of it stops this template"},
    )
    subject = fields.Str(load_default="", validate=validate.Length(max=300))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=100000))
    html = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200000),
        metadata={"description": "e-mail's HTML part; every value is escaped in it"},
    )


class TemplateOut(Schema):
    id = fields.Int()
    name = fields.Str()
    language = fields.Str()
    channel = fields.Str()
    purpose = fields.Str()
    topic = fields.Str(allow_none=True)
    subject = fields.Str()
    text = fields.Str()
    html = fields.Str(allow_none=True)
    updated_at = fields.DateTime()


class TemplateChoiceOut(Schema):
    """A template as an agent picks it to send by hand."""

    name = fields.Str()
    language = fields.Str()
    channel = fields.Str()
    subject = fields.Str()


class EventRuleIn(Schema):
    template = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    channel = fields.Str(required=True, validate=validate.OneOf(CHANNELS))


class EventRulesIn(Schema):
    rules = fields.List(fields.Nested(EventRuleIn), required=True, validate=validate.Length(max=10))

    @validates_schema
    def _one_per_channel(self, data: dict[str, Any], **kwargs: object) -> None:
        channels = [r["channel"] for r in data.get("rules", [])]
        if len(channels) != len(set(channels)):
            raise ValidationError({"rules": "one template per channel"})


class EventRuleOut(Schema):
    event_type = fields.Str()
    template = fields.Str()
    channel = fields.Str()


class OptOutIn(Schema):
    channel = fields.Str(required=True, validate=validate.OneOf(CHANNELS))
    topic = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=60),
        metadata={"description": "one newsletter; without it, all marketing on the channel"},
    )


class OptOutOut(Schema):
    channel = fields.Str()
    topic = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class ManualMessageIn(Schema):
    template = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    channel = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(CHANNELS))
    language = fields.Str(load_default=None, allow_none=True, validate=_language)
    text = fields.Str(
        load_default="", validate=validate.Length(max=20000), metadata={"description": "{{ text }}"}
    )
    values = fields.Dict(
        keys=fields.Str(), load_default=dict, metadata={"description": "more values it uses"}
    )


class CampaignIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    template = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    channel = fields.Str(load_default="email", validate=validate.OneOf(CHANNELS))
    selection_id = fields.Int(required=True, validate=validate.Range(1, None))
    per_minute = fields.Int(
        load_default=600,
        validate=validate.Range(1, 100000),
        metadata={"description": "messages per minute at most"},
    )
    order_window_days = fields.Int(
        load_default=14,
        validate=validate.Range(1, 365),
        metadata={"description": "an order this soon counts"},
    )


class CampaignOut(Schema):
    id = fields.Int()
    name = fields.Str()
    template = fields.Str()
    channel = fields.Str()
    selection_id = fields.Int()
    status = fields.Str(metadata={"description": "draft, running, paused or done"})
    per_minute = fields.Int()
    order_window_days = fields.Int()
    targeted = fields.Int()
    created_by = fields.Str()
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    results = fields.Dict(
        metadata={
            "description": "targeted, queued, delivered, bounced, opted_out, no_address, replied, ordered"
        }
    )


class DocumentRenderIn(Schema):
    template = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    values = fields.Dict(
        keys=fields.Str(), load_default=dict, metadata={"description": "what the template uses"}
    )

"""The registers of paper (K13): letters in and out, their forwarding and replies, and
contracts, policies and other documents."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class LetterIn(Schema):
    direction = fields.Str(required=True, validate=validate.OneOf(("in", "out")))
    counterpart = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "sender, or recipient"},
    )
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    on_date = fields.Date(required=True)
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    forwarded_to = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    department = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    reply_by = fields.Date(load_default=None, allow_none=True)
    remind_days_before = fields.Int(load_default=2, validate=validate.Range(0, 365))


class ForwardIn(Schema):
    forwarded_to = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    department = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    reply_by = fields.Date(allow_none=True)
    remind_days_before = fields.Int(load_default=2, validate=validate.Range(0, 365))

    @validates_schema
    def _somewhere(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data.get("forwarded_to") and not data.get("department"):
            raise ValidationError({"forwarded_to": "forward to a person or a department"})


class RepliedIn(Schema):
    replied_on = fields.Date(required=True)


class LetterOut(Schema):
    id = fields.Int()
    direction = fields.Str()
    counterpart = fields.Str()
    subject = fields.Str()
    on_date = fields.Date()
    customer_id = fields.Int(allow_none=True)
    case_id = fields.Int(allow_none=True)
    forwarded_to = fields.Str(allow_none=True)
    department = fields.Str(allow_none=True)
    reply_by = fields.Date(allow_none=True)
    replied_on = fields.Date(allow_none=True)
    registered_by = fields.Str()


class DocumentIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(("contract", "policy", "other")))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    paper_location = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "where the original is kept, e.g. archive B, shelf 3"},
    )
    valid_from = fields.Date(load_default=None, allow_none=True)
    expires_on = fields.Date(load_default=None, allow_none=True)
    responsible = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    remind_days_before = fields.Int(load_default=30, validate=validate.Range(0, 3650))
    sla_policy_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "a contract's service level: the customer's cases get it while it runs"},
    )


class DocumentOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    customer_id = fields.Int(allow_none=True)
    paper_location = fields.Str(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    responsible = fields.Str()
    sla_policy_id = fields.Int(allow_none=True)

"""Cases: what opens one, what one is, and how its status moves (K1, K2)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.case.vocabulary import CHANNELS, PRIORITIES, STATUSES, short_name


class CaseCreate(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=20000))
    channel = fields.Str(load_default="phone", validate=validate.OneOf(CHANNELS))
    priority = fields.Str(load_default="normal", validate=validate.OneOf(PRIORITIES))
    category = fields.Str(load_default=None, allow_none=True, validate=short_name)
    product_group = fields.Str(load_default=None, allow_none=True, validate=short_name)
    assignee = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "give it to this agent instead of routing it"},
    )


class CaseOut(Schema):
    id = fields.Int()
    number = fields.Str(metadata={"description": "the number the customer quotes, e.g. 2026-000042"})
    customer_id = fields.Int(
        allow_none=True, metadata={"description": "empty while the sender waits in review"}
    )
    review_id = fields.Int(allow_none=True)
    sender_name = fields.Str(allow_none=True)
    sender_address = fields.Str(allow_none=True)
    subject = fields.Str()
    description = fields.Str()
    channel = fields.Str()
    priority = fields.Str()
    status = fields.Str()
    category = fields.Str(allow_none=True)
    product_group = fields.Str(allow_none=True)
    language = fields.Str(allow_none=True)
    region = fields.Str(allow_none=True)
    tier = fields.Str(allow_none=True)
    queue = fields.Str(allow_none=True)
    assignee = fields.Str(allow_none=True)
    order_id = fields.Int(allow_none=True, metadata={"description": "the customer's order it is about"})
    opened_by = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    first_response_at = fields.DateTime(allow_none=True)
    solved_at = fields.DateTime(allow_none=True)
    sla_policy_id = fields.Int(allow_none=True)
    first_response_due = fields.DateTime(allow_none=True)
    next_response_due = fields.DateTime(allow_none=True)
    resolution_due = fields.DateTime(allow_none=True)
    paused_at = fields.DateTime(allow_none=True, metadata={"description": "set while the SLA clock waits"})
    breaches = fields.List(fields.Str(), metadata={"description": "SLA targets missed"})


class StatusIn(Schema):
    status = fields.Str(required=True, validate=validate.OneOf(STATUSES))


class CaseChangeIn(Schema):
    """What an agent changes on a case: any of these, each journaled with who did it."""

    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    category = fields.Str(allow_none=True, validate=short_name, metadata={"description": "null: none"})
    order_id = fields.Int(
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "an order of the case's customer; null: no order"},
    )

    @validates_schema
    def _changes_something(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data:
            raise ValidationError({"priority": "name priority, category or order_id to change"})

"""Replies (K3, K7): an agent's answer to the customer, reply templates, and a template
filled for a case."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.case.vocabulary import STATUSES, short_name


class ReplyIn(Schema):
    body = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=50000),
        metadata={"description": "the answer; with a template: only what is new (its `text`)"},
    )
    template_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    order_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the customer's order the template may speak of"},
    )
    then = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(STATUSES),
        metadata={"description": "the status after the reply, e.g. pending (waiting for the customer)"},
    )


class ReplyTemplateIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    language = fields.Str(load_default="sv", validate=validate.Length(min=2, max=8))
    category = fields.Str(load_default=None, allow_none=True, validate=short_name)
    body = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=20000),
        metadata={
            "description": "Jinja2 text with customer.*, case.*, order.*, agent and text"
            " (the agent's own words)"
        },
    )


class ReplyTemplateOut(Schema):
    id = fields.Int()
    name = fields.Str()
    language = fields.Str()
    category = fields.Str(allow_none=True)
    body = fields.Str()


class RenderIn(Schema):
    template_id = fields.Int(required=True, validate=validate.Range(1, None))
    text = fields.Str(load_default="", validate=validate.Length(max=50000))
    order_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))


class RenderOut(Schema):
    body = fields.Str()

"""Notes (who said what, C9) and the customer log (what an agent should know, C8)."""

from marshmallow import Schema, fields, validate


class NoteIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=10000))


class NoteOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    author = fields.Str()
    text = fields.Str()
    created_at = fields.DateTime()


IMPORTANCE = ("red", "yellow", "green")


class LogEntryIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    importance = fields.Str(
        load_default="green",
        validate=validate.OneOf(IMPORTANCE),
        metadata={"description": "red: must know; yellow: should know; green: good to know"},
    )
    relevant_until = fields.Date(
        allow_none=True, load_default=None, metadata={"description": "shown until this day; always if empty"}
    )
    pop_up = fields.Bool(load_default=None, metadata={"description": "pops up when the customer is opened"})
    remind_at_login = fields.Bool(load_default=False, metadata={"description": "shown at my next logins"})


class LogEntryOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    customer_name = fields.Str(metadata={"description": "in the at-login list"})
    author = fields.Str()
    text = fields.Str()
    importance = fields.Str()
    relevant_until = fields.Date(allow_none=True)
    pop_up = fields.Bool()
    remind_at_login = fields.Bool()
    created_at = fields.DateTime()

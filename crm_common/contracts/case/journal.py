"""A case's journal: its entries, their attachments, and an agent's note (K3)."""

from marshmallow import Schema, fields, validate

VISIBILITIES = ("public", "internal")


class AttachmentOut(Schema):
    id = fields.Int()
    filename = fields.Str()
    content_type = fields.Str()
    size = fields.Int()


class JournalEntryOut(Schema):
    id = fields.Int()
    case_id = fields.Int()
    kind = fields.Str(metadata={"description": "message, note, status, assignment, change or sla"})
    direction = fields.Str(allow_none=True, metadata={"description": "in or out, for messages"})
    channel = fields.Str(allow_none=True)
    visibility = fields.Str()
    author = fields.Str()
    subject = fields.Str(allow_none=True)
    body = fields.Str()
    message_id = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut))


class CaseNoteIn(Schema):
    body = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    visibility = fields.Str(load_default="internal", validate=validate.OneOf(VISIBILITIES))

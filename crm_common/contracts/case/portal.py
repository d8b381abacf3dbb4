"""What a signed-in customer writes and sees of their own cases: nothing of how we work
them (queue, agent, priority, SLA, routing data, the review)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.case.journal import AttachmentOut


class CustomerMessageIn(Schema):
    """What a signed-in customer writes: a new inquiry (with a subject) or a comment."""

    subject = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=20000))


class PortalCaseOut(Schema):
    """A case as its customer sees it: what they asked and where it stands. Nothing of
    how we work it (queue, agent, priority, SLA, routing data, the review) is in it."""

    id = fields.Int()
    number = fields.Str(metadata={"description": "the number to quote, e.g. 2026-000042"})
    customer_id = fields.Int()
    subject = fields.Str()
    description = fields.Str()
    channel = fields.Str()
    status = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    solved_at = fields.DateTime(allow_none=True)


class PortalJournalEntryOut(Schema):
    """A public journal entry as the customer sees it: no agent's name, no Message-ID."""

    id = fields.Int()
    case_id = fields.Int()
    kind = fields.Str()
    direction = fields.Str(allow_none=True, metadata={"description": "in: from the customer"})
    channel = fields.Str(allow_none=True)
    visibility = fields.Str()
    subject = fields.Str(allow_none=True)
    body = fields.Str()
    created_at = fields.DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut))


class CustomerCaseOut(Schema):
    case = fields.Nested(PortalCaseOut)
    journal = fields.List(
        fields.Nested(PortalJournalEntryOut), metadata={"description": "public entries only"}
    )


class PortalInboundOut(Schema):
    """What the customer's new inquiry or comment became."""

    case = fields.Nested(PortalCaseOut)
    entry_id = fields.Int()
    opened = fields.Bool(metadata={"description": "a new case was opened for it"})
    duplicate = fields.Bool()

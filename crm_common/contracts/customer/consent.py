"""A customer's consent to marketing (opt-in): given or withdrawn, when, and how."""

from marshmallow import Schema, fields, validate

SOURCE = "how it was given or withdrawn: `portal`, `agent:<username>`, `import`, `web order`"


class ConsentIn(Schema):
    """What the desk and the portal send; the gateway names the source (the agent or the
    portal), never the request."""

    given = fields.Bool(
        required=True,
        truthy={True},
        falsy={False},
        metadata={"description": "true: may be sent marketing; false: withdrawn"},
    )


class ConsentChange(Schema):
    """What the customer service takes: the change and its source."""

    given = fields.Bool(required=True, truthy={True}, falsy={False})
    source = fields.Str(
        required=True, validate=validate.Length(min=1, max=80), metadata={"description": SOURCE}
    )


class ConsentOut(Schema):
    customer_id = fields.Int(attribute="id")
    given = fields.Bool(attribute="marketing_consent")
    changed_at = fields.DateTime(
        attribute="consent_changed_at", allow_none=True, metadata={"description": "when it last changed"}
    )
    source = fields.Str(attribute="consent_source", allow_none=True, metadata={"description": SOURCE})

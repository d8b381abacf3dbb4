"""Importing customers from a CSV file (C11)."""

from marshmallow import Schema, fields, validate

IMPORT_MODES = ("review", "link", "skip")


IMPORT_TARGETS = (
    "kind",
    "name",
    "given_name",
    "family_name",
    "country",
    "language",
    "national_id",
    "org_number",
    "birthday",
    "job_title",
    "industry",
    "tier",
    "phone",
    "mobile",
    "phone2",
    "email",
    "email2",
    "street",
    "postal_code",
    "city",
    "address_country",
)


class ImportIn(Schema):
    """`mapping` says which CSV column fills which field, e.g. {"given_name": "Förnamn",
    "phone": "Telefon"}; a value starting with "=" is a constant for every row
    ({"kind": "=organisation"}). Rows are persons unless `kind` is mapped."""

    csv = fields.Str(required=True, validate=validate.Length(min=1, max=50_000_000))
    filename = fields.Str(load_default="upload.csv", validate=validate.Length(max=200))
    mapping = fields.Dict(
        keys=fields.Str(validate=validate.OneOf(IMPORT_TARGETS)),
        values=fields.Str(validate=validate.Length(min=1, max=200)),
        required=True,
    )
    mode = fields.Str(
        load_default="review",
        validate=validate.OneOf(IMPORT_MODES),
        metadata={
            "description": "look-alikes: review = to the review queue; "
            "link = created, linked to the look-alike; skip = left out"
        },
    )


class ImportOut(Schema):
    id = fields.Int()
    status = fields.Str(metadata={"description": "queued, running or done"})
    mode = fields.Str()
    filename = fields.Str()
    total = fields.Int()
    done = fields.Int()
    created = fields.Int()
    queued = fields.Int(metadata={"description": "sent to the review queue"})
    skipped = fields.Int()
    failed = fields.Int()
    report = fields.List(
        fields.Dict(),
        metadata={
            "description": "rows worth a look: {line, outcome: failed | queued | linked | skipped, "
            "fields or look_alikes, customer_id or review_id}"
        },
    )
    started_by = fields.Str()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)

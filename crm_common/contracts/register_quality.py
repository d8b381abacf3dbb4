"""Shapes of register quality: matching, address checks, the review queue, imports and
the duplicate report (C2-C5, C11)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.customer import AddressIn, CustomerOut, CustomerSummary


class FieldReason(Schema):
    agreement = fields.Str(metadata={"description": "exact, similar, partial, different or missing"})
    weight = fields.Float(metadata={"description": "log2 likelihood ratio this field adds"})
    similarity = fields.Float(metadata={"description": "0..1 where strings were compared"})
    note = fields.Str()
    conclusive = fields.Bool(
        metadata={"description": "a difference that alone says two customers (two ids valid by checksum)"}
    )
    personal = fields.Bool(
        metadata={"description": "a phone of one person's own (not a fixed line a household shares)"}
    )
    slips = fields.Int(metadata={"description": "given names two keyboard slips apart (Hge and Hege): 2"})


class MatchHit(Schema):
    customer = fields.Nested(CustomerSummary)
    score = fields.Float(metadata={"description": "probability in [0, 1] that it is the same customer"})
    verdict = fields.Str(metadata={"description": "duplicate, review or distinct"})
    reasons = fields.Dict(
        keys=fields.Str(),
        values=fields.Nested(FieldReason),
        metadata={"description": "per field: name, address, phone, e-mail, birthday, id"},
    )


BLOCK_KINDS = ("postcode", "postcode_range", "street", "address")


class AddressBlockIn(Schema):
    """What to block: `postcode` (postal_code), `postcode_range` (postal_code to
    postal_code_to), `street` (street in city) or `address` (street with house number and
    postal_code)."""

    kind = fields.Str(required=True, validate=validate.OneOf(BLOCK_KINDS))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))
    postal_code = fields.Str(validate=validate.Length(min=1, max=16))
    postal_code_to = fields.Str(validate=validate.Length(min=1, max=16))
    street = fields.Str(validate=validate.Length(min=1, max=200))
    city = fields.Str(validate=validate.Length(min=1, max=100))
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _fields_of_kind(self, data: dict[str, Any], **kwargs: object) -> None:
        needs = {
            "postcode": ("postal_code",),
            "postcode_range": ("postal_code", "postal_code_to"),
            "street": ("street", "city"),
            "address": ("street", "postal_code"),
        }
        missing = {
            f: f"a {data.get('kind')} block needs it"
            for f in needs.get(data.get("kind") or "", ())
            if not data.get(f)
        }
        if missing:
            raise ValidationError(missing)


class AddressBlockOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    country = fields.Str()
    postal_code = fields.Str(attribute="postcode_from", allow_none=True)
    postal_code_to = fields.Str(attribute="postcode_to", allow_none=True)
    street = fields.Str(allow_none=True)
    city = fields.Str(allow_none=True)
    reason = fields.Str()
    created_by = fields.Str()
    created_at = fields.DateTime()


class AddressWarning(Schema):
    field = fields.Str(metadata={"description": "which address, e.g. addresses.0"})
    code = fields.Str(metadata={"description": "address_blocked, unknown_postal_code or town_mismatch"})
    message = fields.Str()
    expected = fields.Str(allow_none=True, metadata={"description": "the town the postal register names"})
    block_id = fields.Int(allow_none=True)


class AddressCheckIn(Schema):
    addresses = fields.List(fields.Nested(AddressIn), required=True)
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class CustomerCreated(CustomerOut):
    warnings = fields.List(
        fields.Nested(AddressWarning), metadata={"description": "blocked or doubtful addresses"}
    )
    matches = fields.List(
        fields.Nested(MatchHit), metadata={"description": "look-alikes found on the way in"}
    )


class CustomerUpdated(CustomerOut):
    warnings = fields.List(
        fields.Nested(AddressWarning), metadata={"description": "blocked or doubtful new addresses"}
    )


SOURCES = ("web_order", "self_registration", "import", "api", "inbound_message")


DECISIONS = ("approve", "merge", "reject")


class RegistrationIn(Schema):
    customer = fields.Dict(required=True, metadata={"description": "a CustomerCreate"})
    source = fields.Str(load_default="api", validate=validate.OneOf(SOURCES))
    reference = fields.Str(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=100),
        metadata={"description": "what waits on it, e.g. the web order's id"},
    )


class RegistrationOut(Schema):
    status = fields.Str(metadata={"description": "created, or pending_review"})
    customer_id = fields.Int(allow_none=True)
    review_id = fields.Int(allow_none=True)


class DecisionIn(Schema):
    decision = fields.Str(required=True, validate=validate.OneOf(DECISIONS))
    into = fields.Int(
        validate=validate.Range(1, None),
        metadata={"description": "with merge: the existing customer it folds into"},
    )
    note = fields.Str(validate=validate.Length(max=2000))

    @validates_schema
    def _merge_needs_target(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("decision") == "merge" and not data.get("into"):
            raise ValidationError("say which customer to merge into", "into")


class ReviewItemOut(Schema):
    id = fields.Int()
    status = fields.Str()
    source = fields.Str()
    reference = fields.Str(allow_none=True)
    data = fields.Dict()
    matches = fields.List(fields.Nested(MatchHit))
    warnings = fields.List(fields.Nested(AddressWarning))
    submitted_by = fields.Str()
    created_at = fields.DateTime()
    decided_by = fields.Str(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    note = fields.Str(allow_none=True)


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


class DuplicateScanOut(Schema):
    id = fields.Int()
    status = fields.Str(metadata={"description": "queued, running or done"})
    total = fields.Int(metadata={"description": "customers to go through"})
    done = fields.Int()
    pairs = fields.Int(metadata={"description": "probable duplicate pairs found so far"})
    groups = fields.Int(
        metadata={
            "description": "groups of customers found to be one, once the run is done "
            "(GET /api/duplicates/groups)"
        }
    )
    started_by = fields.Str()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class CustomerRef(Schema):
    id = fields.Int()
    name = fields.Str()


class DuplicatePairOut(Schema):
    first = fields.Nested(CustomerRef)
    second = fields.Nested(CustomerRef)
    score = fields.Float()
    verdict = fields.Str()
    reasons = fields.Dict(keys=fields.Str(), values=fields.Nested(FieldReason))
    via = fields.List(
        fields.Nested(CustomerRef),
        metadata={
            "description": "empty when the two were found alike by themselves; otherwise the customers "
            "both are duplicates of, which make them one too"
        },
    )


class DuplicateReportOut(Schema):
    scan = fields.Nested(DuplicateScanOut)
    pairs = fields.List(fields.Nested(DuplicatePairOut))


class DuplicateTieOut(Schema):
    first_id = fields.Int()
    second_id = fields.Int()
    score = fields.Float()
    agreeing = fields.List(fields.Str(), metadata={"description": "the fields that agree, e.g. phone, email"})
    via = fields.List(
        fields.Int(), metadata={"description": "set when the two are one through these members"}
    )


class DuplicateGroupOut(Schema):
    id = fields.Int(metadata={"description": "the lowest customer id in the group"})
    size = fields.Int()
    members = fields.List(fields.Nested(CustomerRef))
    ties = fields.List(fields.Nested(DuplicateTieOut), metadata={"description": "why the members are one"})


class DuplicateGroupsOut(Schema):
    scan = fields.Nested(DuplicateScanOut)
    groups = fields.List(fields.Nested(DuplicateGroupOut))

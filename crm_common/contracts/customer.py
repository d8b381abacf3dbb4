"""Shapes of the customer register (C1, C6, C9)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

KINDS = ("person", "organisation")
TIERS = ("key", "major", "standard", "small")
ADDRESS_KINDS = ("postal", "visiting", "delivery")


class PhoneIn(Schema):
    number = fields.Str(required=True, validate=validate.Length(min=3, max=40))
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


class EmailIn(Schema):
    address = fields.Email(required=True)
    label = fields.Str(load_default="work", validate=validate.Length(max=20))


class AddressIn(Schema):
    kind = fields.Str(load_default="postal", validate=validate.OneOf(ADDRESS_KINDS))
    street = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class CustomerFields(Schema):
    """Fields a create and an update share; kind-specific rules are checked per kind."""

    name = fields.Str(validate=validate.Length(min=1, max=200))
    given_name = fields.Str(validate=validate.Length(min=1, max=100))
    family_name = fields.Str(validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))
    language = fields.Str(allow_none=True, validate=validate.Length(min=2, max=8))
    national_id = fields.Str(allow_none=True, validate=validate.Length(min=1, max=32))
    org_number = fields.Str(allow_none=True, validate=validate.Length(min=1, max=32))
    birthday = fields.Date(allow_none=True)
    name_day = fields.Str(
        allow_none=True,
        validate=validate.Regexp(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", error="month and day as MM-DD"),
    )
    job_title = fields.Str(allow_none=True, validate=validate.Length(max=120))
    industry = fields.Str(allow_none=True, validate=validate.Length(max=120))
    categories = fields.List(fields.Str(validate=validate.Length(min=1, max=60)))
    satisfaction = fields.Int(allow_none=True, validate=validate.Range(1, 5))
    payment_terms_days = fields.Int(allow_none=True, validate=validate.Range(0, 365))
    discount_percent = fields.Decimal(allow_none=True, places=2, validate=validate.Range(0, 100))
    credit_limit = fields.Decimal(allow_none=True, places=2, validate=validate.Range(0, None))
    currency = fields.Str(
        allow_none=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as SEK")
    )
    parent_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    tier = fields.Str(validate=validate.OneOf(TIERS))
    newsletter = fields.Bool()
    phones = fields.List(fields.Nested(PhoneIn))
    emails = fields.List(fields.Nested(EmailIn))
    addresses = fields.List(fields.Nested(AddressIn))

    @validates_schema
    def _one_address_per_kind(self, data, **kwargs):
        kinds = [a.get("kind", "postal") for a in data.get("addresses") or []]
        if len(kinds) != len(set(kinds)):
            raise ValidationError("at most one current address of each kind", "addresses")


class CustomerCreate(CustomerFields):
    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))

    @validates_schema
    def _kind_rules(self, data, **kwargs):
        kind = data.get("kind")
        errors = {}
        if kind == "person":
            if not data.get("name") and not (data.get("given_name") and data.get("family_name")):
                errors["given_name"] = "a person needs given_name and family_name (or name)"
            for f in ("org_number", "industry", "parent_id"):
                if data.get(f) is not None:
                    errors[f] = "only an organisation has this"
        elif kind == "organisation":
            if not data.get("name"):
                errors["name"] = "an organisation needs a name"
            for f in ("national_id", "given_name", "family_name", "birthday", "name_day"):
                if data.get(f) is not None:
                    errors[f] = "only a person has this"
        if errors:
            raise ValidationError(errors)


class CustomerUpdate(CustomerFields):
    """Partial update: what is given replaces; a new address of a kind closes the old one
    (its validity ends now) rather than overwriting it."""


class PhoneOut(Schema):
    e164 = fields.Str()
    raw = fields.Str()
    label = fields.Str()


class EmailOut(Schema):
    address = fields.Str()
    label = fields.Str()


class AddressOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    street = fields.Str()
    postal_code = fields.Str()
    city = fields.Str()
    country = fields.Str()
    valid_from = fields.DateTime()
    valid_to = fields.DateTime(allow_none=True)


class CustomerOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    name = fields.Str()
    given_name = fields.Str(allow_none=True)
    family_name = fields.Str(allow_none=True)
    country = fields.Str()
    language = fields.Str(allow_none=True)
    national_id = fields.Str(allow_none=True)
    org_number = fields.Str(allow_none=True)
    birthday = fields.Date(allow_none=True)
    name_day = fields.Str(allow_none=True)
    job_title = fields.Str(allow_none=True)
    industry = fields.Str(allow_none=True)
    categories = fields.List(fields.Str())
    satisfaction = fields.Int(allow_none=True)
    payment_terms_days = fields.Int(allow_none=True)
    discount_percent = fields.Decimal(as_string=True, allow_none=True)
    credit_limit = fields.Decimal(as_string=True, allow_none=True)
    currency = fields.Str(allow_none=True)
    parent_id = fields.Int(allow_none=True)
    tier = fields.Str()
    newsletter = fields.Bool()
    last_contact_at = fields.DateTime(allow_none=True)
    merged_into_id = fields.Int(allow_none=True, metadata={"description": "set once merged away"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    phones = fields.List(fields.Nested(PhoneOut))
    emails = fields.List(fields.Nested(EmailOut))
    addresses = fields.Method("current_addresses", metadata={"description": "current addresses"})
    address_history = fields.Method(
        "past_addresses", metadata={"description": "earlier addresses with their validity (C6)"}
    )
    employments = fields.Raw(
        metadata={"description": "organisations of a person, or people of an organisation"}
    )

    def current_addresses(self, obj):
        return AddressOut(many=True).dump([a for a in obj.addresses if a.valid_to is None])

    def past_addresses(self, obj):
        return AddressOut(many=True).dump([a for a in obj.addresses if a.valid_to is not None])


class CustomerSummary(Schema):
    id = fields.Int()
    kind = fields.Str()
    name = fields.Str()
    country = fields.Str()
    tier = fields.Str()


class EmploymentIn(Schema):
    person_id = fields.Int(required=True, validate=validate.Range(1, None))
    job_title = fields.Str(allow_none=True, validate=validate.Length(max=120))
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    is_contact = fields.Bool(load_default=True)
    receives_newsletter = fields.Bool(load_default=False)

    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            raise ValidationError("ends before it starts", "ended_on")


class EmploymentOut(Schema):
    id = fields.Int()
    person_id = fields.Int()
    person_name = fields.Str()
    organisation_id = fields.Int()
    organisation_name = fields.Str()
    job_title = fields.Str(allow_none=True)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    is_contact = fields.Bool()
    receives_newsletter = fields.Bool()


class NoteIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=10000))


class NoteOut(Schema):
    id = fields.Int()
    customer_id = fields.Int()
    author = fields.Str()
    text = fields.Str()
    created_at = fields.DateTime()


class PhoneMatch(Schema):
    customer = fields.Nested(CustomerSummary)
    organisations = fields.List(fields.Nested(CustomerSummary))
    e164 = fields.Str()


class FieldReason(Schema):
    agreement = fields.Str(metadata={"description": "exact, similar, partial, different or missing"})
    weight = fields.Float(metadata={"description": "log2 likelihood ratio this field adds"})
    similarity = fields.Float(metadata={"description": "0..1 where strings were compared"})
    note = fields.Str()


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
    def _fields_of_kind(self, data, **kwargs):
        needs = {
            "postcode": ("postal_code",),
            "postcode_range": ("postal_code", "postal_code_to"),
            "street": ("street", "city"),
            "address": ("street", "postal_code"),
        }
        missing = {
            f: f"a {data.get('kind')} block needs it"
            for f in needs.get(data.get("kind"), ())
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


class MergeIn(Schema):
    merged_id = fields.Int(
        required=True,
        validate=validate.Range(1, None),
        metadata={"description": "the customer that folds into this one"},
    )


class MergeOut(Schema):
    id = fields.Int()
    survivor_id = fields.Int()
    merged_id = fields.Int()
    merged_by = fields.Str()
    merged_at = fields.DateTime()
    snapshot = fields.Dict(metadata={"description": "the merged customer as it was"})


SOURCES = ("web_order", "self_registration", "import", "api")
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
    def _merge_needs_target(self, data, **kwargs):
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


class DuplicateReportOut(Schema):
    scan = fields.Nested(DuplicateScanOut)
    pairs = fields.List(fields.Nested(DuplicatePairOut))

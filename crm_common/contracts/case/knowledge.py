"""Knowledge (K6): FAQ answers, as agents and as customers see them, and the solved cases
and answers like a case."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.case.vocabulary import short_name


class FaqIn(Schema):
    question = fields.Str(required=True, validate=validate.Length(min=3, max=300))
    answer = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    language = fields.Str(load_default="sv", validate=validate.Length(min=2, max=8))
    industry = fields.Str(load_default=None, allow_none=True, validate=short_name)
    product = fields.Str(load_default=None, allow_none=True, validate=short_name)
    problem = fields.Str(load_default=None, allow_none=True, validate=short_name)
    published = fields.Bool(load_default=True)
    source_case_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the solved case the answer comes from"},
    )


class FaqOut(Schema):
    id = fields.Int()
    question = fields.Str()
    answer = fields.Str()
    language = fields.Str()
    industry = fields.Str(allow_none=True)
    product = fields.Str(allow_none=True)
    problem = fields.Str(allow_none=True)
    published = fields.Bool()
    source_case_id = fields.Int(allow_none=True)
    author = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    score = fields.Float(
        allow_none=True, metadata={"description": "how well it matches the search (higher is better)"}
    )


class PortalFaqOut(Schema):
    """An FAQ answer as a customer sees it: not who wrote it, nor the case it came from
    (another customer's)."""

    id = fields.Int()
    question = fields.Str()
    answer = fields.Str()
    language = fields.Str()
    industry = fields.Str(allow_none=True)
    product = fields.Str(allow_none=True)
    problem = fields.Str(allow_none=True)
    updated_at = fields.DateTime()
    score = fields.Float(allow_none=True)


class SimilarCaseOut(Schema):
    id = fields.Int()
    number = fields.Str()
    subject = fields.Str()
    status = fields.Str()
    solved_at = fields.DateTime(allow_none=True)
    score = fields.Float()
    solution = fields.Str(allow_none=True, metadata={"description": "the last answer the customer got"})


class SimilarOut(Schema):
    cases = fields.List(fields.Nested(SimilarCaseOut))
    faq = fields.List(fields.Nested(FaqOut))

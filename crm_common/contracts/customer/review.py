"""The review queue: registrations waiting for an agent's decision (C5)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.customer.addresses import AddressWarning
from crm_common.contracts.customer.matching import MatchHit

DECISIONS = ("approve", "merge", "reject")


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

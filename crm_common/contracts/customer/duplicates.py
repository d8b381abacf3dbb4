"""Duplicates: the scan of the whole register, its pairs and groups, and merges (C2, C7)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.customer.customers import CustomerRef
from crm_common.contracts.customer.matching import FieldReason


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

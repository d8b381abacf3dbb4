"""Look-alikes: a match and its reasons, field by field (C2)."""

from marshmallow import Schema, fields

from crm_common.contracts.customer.customers import CustomerSummary


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

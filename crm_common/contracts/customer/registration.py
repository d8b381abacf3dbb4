"""Registering a customer: what a create and an update answer (with look-alikes and
address warnings), and a registration from outside that may wait for review (C2, C5)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.customer.addresses import AddressWarning
from crm_common.contracts.customer.customers import CustomerOut
from crm_common.contracts.customer.matching import MatchHit


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

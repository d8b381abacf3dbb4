"""Smart selections, and a campaign's page of the customers one finds (C10)."""

from marshmallow import Schema, fields, validate

from crm_common.contracts.customer.addresses import HasAddresses
from crm_common.contracts.customer.customers import EmailOut, PhoneOut


class SelectionIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    criteria = fields.Dict(
        required=True,
        metadata={"description": 'a criterion, or {"all": […]}, {"any": […]}, {"not": …}; see the README'},
    )


class CriteriaIn(Schema):
    criteria = fields.Dict(required=True)


class SelectionOut(Schema):
    id = fields.Int()
    name = fields.Str()
    criteria = fields.Dict()
    created_by = fields.Str()
    created_at = fields.DateTime()
    last_size = fields.Int(
        allow_none=True, metadata={"description": "how many customers it found when last run"}
    )
    last_run_at = fields.DateTime(allow_none=True)


class ContactOut(Schema):
    """What messaging needs of a customer to write to them."""

    id = fields.Int()
    name = fields.Str()
    given_name = fields.Str(allow_none=True)
    family_name = fields.Str(allow_none=True)
    language = fields.Str(allow_none=True)
    country = fields.Str()
    emails = fields.List(fields.Nested(EmailOut))
    phones = fields.List(fields.Nested(PhoneOut))
    addresses = fields.Method("current_addresses")
    cursor = fields.Int(metadata={"description": "a campaign's page: the selection member it came from"})

    def current_addresses(self, customer: HasAddresses) -> list[dict[str, str | None]]:
        return [
            {"street": a.street, "postal_code": a.postal_code, "city": a.city, "country": a.country}
            for a in customer.addresses
            if a.valid_to is None
        ]

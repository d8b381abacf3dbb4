"""The public shapes of each service's data: validated by the service that owns the data
(it also answers other systems over RPC) and used by the gateway for the OpenAPI document.
One schema, one place."""

from marshmallow import Schema, ValidationError

from crm_common.errors import invalid_from_marshmallow


def load(schema: Schema, data, partial: bool = False) -> dict:
    """Validate `data` with `schema`; raises InvalidInput naming each bad field."""
    if not isinstance(data, dict):
        from crm_common.errors import InvalidInput

        raise InvalidInput("the request body must be a JSON object", {"_schema": "not an object"})
    try:
        return schema.load(data, partial=partial)
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None


def positive_id(value, field: str = "id") -> int:
    """An id from a URL or an RPC argument; raises InvalidInput naming `field`."""
    from crm_common.errors import InvalidInput

    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a whole number", {field: "not a number"}) from None
    if number < 1:
        raise InvalidInput(f"{field} must be positive", {field: "not positive"})
    return number

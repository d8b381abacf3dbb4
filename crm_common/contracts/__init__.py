"""The public shapes of each service's data: validated by the service that owns the data
(it also answers other systems over RPC) and used by the gateway for the OpenAPI document.
One schema, one place."""

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any, Literal, overload

from marshmallow import Schema, ValidationError, fields

from crm_common.errors import InvalidInput, invalid_from_marshmallow

# What the databases can store: an integer column on PostgreSQL holds 32 bits (a larger
# whole number, or a float such as 1e308 read as one, would fail there), money is kept to
# 16 digits (a price of ten billion times 10,000 units still fits), and PostgreSQL's text
# holds no NUL character. Refused here, with the field, rather than failing in the database.
SMALLEST, LARGEST = -(2**31), 2**31 - 1
LARGEST_AMOUNT = Decimal(10) ** 10


@cache
def instance(schema: type[Schema]) -> Schema:
    """The one instance of a schema class every call shares: a schema holds no state
    between calls, and making one copies all its fields."""
    return schema()


@overload
def dump(schema: type[Schema], value: object, many: Literal[False] = False) -> dict[str, Any]: ...


@overload
def dump(schema: type[Schema], value: object, many: Literal[True]) -> list[dict[str, Any]]: ...


def dump(schema: type[Schema], value: object, many: bool = False) -> dict[str, Any] | list[dict[str, Any]]:
    """`value` (a list of them with `many`) in the shape `schema` answers with: a JSON
    object, whose values are the schema's fields' (Any: marshmallow does not type them)."""
    answer: dict[str, Any] | list[dict[str, Any]] = instance(schema).dump(value, many=many)
    return answer


def load(
    schema: Schema | type[Schema], data: object, partial: bool = False, **fixed: object
) -> dict[str, Any]:
    """Validate `data` with `schema`; raises InvalidInput naming each bad field. `fixed`:
    values from the address (a URL's currency code), laid over the body once it is
    known to be an object. The values' types are the schema's fields' (marshmallow types
    a load as Any), which is why the result's values are Any."""
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object", {"_schema": "not an object"})
    if isinstance(schema, type):
        schema = instance(schema)
    if wrong := _fractions(schema, data):
        raise InvalidInput("the request has invalid fields", wrong)
    try:
        valid = schema.load({**data, **fixed}, partial=partial)
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None
    if not isinstance(valid, dict):  # a schema loads one object here, never many
        raise TypeError(f"{type(schema).__name__} loaded {type(valid).__name__}, not an object")
    if wrong := _unstorable(valid):
        raise InvalidInput("the request has invalid fields", wrong)
    return valid


def _fractions(schema: Schema, data: dict[str, object], path: str = "") -> dict[str, str]:
    """Whole-number fields given a number with a fraction, which marshmallow would cut
    (a quantity of 2.5 read as 2)."""
    out: dict[str, str] = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if key in data:
            out.update(_fraction(field, data[key], f"{path}{key}"))
    return out


def _fraction(field: fields.Field[object], value: object, where: str) -> dict[str, str]:
    if isinstance(field, fields.Integer) and isinstance(value, float) and not value.is_integer():
        return {where: "Not a valid integer."}
    out: dict[str, str] = {}
    if isinstance(field, fields.List) and isinstance(value, list):
        for i, item in enumerate(value):
            out.update(_fraction(field.inner, item, f"{where}.{i}"))
    elif isinstance(field, fields.Nested) and field.many and isinstance(value, list):
        for i, item in enumerate(value):
            out.update(_fractions(field.schema, item, f"{where}.{i}.") if isinstance(item, dict) else {})
    elif isinstance(field, fields.Nested) and isinstance(value, dict):
        out.update(_fractions(field.schema, value, f"{where}."))
    return out


def _unstorable(value: object, path: str = "") -> dict[str, str]:
    if isinstance(value, bool):
        return {}
    if isinstance(value, int):
        return {} if SMALLEST <= value <= LARGEST else {path: f"must be between {SMALLEST} and {LARGEST}"}
    if isinstance(value, Decimal):
        return {} if abs(value) < LARGEST_AMOUNT else {path: f"must be less than {LARGEST_AMOUNT} in size"}
    if isinstance(value, str):
        return {path: "must not contain a NUL character"} if "\x00" in value else {}
    items: Iterable[tuple[object, object]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return {}
    out: dict[str, str] = {}
    for key, inner in items:
        where = f"{path}.{key}" if path else str(key)
        out.update(_unstorable(key, where) if isinstance(key, str) else {})
        out.update(_unstorable(inner, where))
    return out


def positive_id(value: object, field: str = "id") -> int:
    """An id from a URL or an RPC argument; raises InvalidInput naming `field`."""
    try:
        # an RPC argument may be of any type: what int() refuses raises TypeError, caught below
        number: int = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a whole number", {field: "not a number"}) from None
    if number < 1:
        raise InvalidInput(f"{field} must be positive", {field: "not positive"})
    if number > LARGEST:
        raise InvalidInput(f"{field} must be at most {LARGEST}", {field: f"must be at most {LARGEST}"})
    return number

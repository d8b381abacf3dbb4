"""What the event schemas share."""

from __future__ import annotations

import copy
from typing import TypeVar

from marshmallow import Schema, fields

S = TypeVar("S", bound=type[Schema])


def every_field_present(schema_class: S) -> S:
    """Mark the fields an event schema takes over from an RPC answer's schema as required
    (the answer's dump always has every field) and its whole numbers as strict, without
    touching the RPC contract's own fields. The event's own fields say for themselves."""
    declared = schema_class._declared_fields
    inherited = {name for base in schema_class.__bases__ for name in getattr(base, "_declared_fields", {})}
    for name, field in list(declared.items()):
        if name in inherited:
            present = copy.copy(field)
            present.required = True
            if isinstance(present, fields.Integer):  # "12" is no id: a dump has ints
                present.strict = True
            declared[name] = present
    return schema_class


def about(text: str) -> dict[str, str]:
    """A field's one-line description, as marshmallow keeps it."""
    return {"description": text}

"""Error types every service raises and the gateway maps to HTTP.

They are registered with nameko so that an RPC caller gets the same type back (with its
field errors), not an opaque RemoteError. Only these travel; anything else is a bug.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import ValidationError
from nameko.exceptions import deserialize_to_instance


class CrmError(Exception):
    """Base: a machine-readable code, a message for people, and per-field reasons."""

    code = "error"

    def __init__(self, message: str = "", fields: dict[str, str] | None = None):
        super().__init__(message, fields or {})
        self.message = message
        self.fields = fields or {}

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "fields": self.fields}


@deserialize_to_instance
class InvalidInput(CrmError):
    """The request is malformed or breaks a rule; nothing was written."""

    code = "invalid_input"


@deserialize_to_instance
class NotFound(CrmError):
    code = "not_found"


@deserialize_to_instance
class Conflict(CrmError):
    """The request is well-formed but clashes with the current state."""

    code = "conflict"


@deserialize_to_instance
class DuplicateSuspected(Conflict):
    """The new record looks like customers already in the register; `matches` lists them
    with scores and reasons. Repeat the request confirming it is new to create it."""

    def __init__(
        self,
        message: str = "",
        fields: dict[str, str] | None = None,
        matches: Sequence[Mapping[str, Any]] | str | None = None,
    ):
        super().__init__(message, fields)
        # nameko turns every non-string in an error's args into a string; JSON keeps the
        # matches' numbers numbers on the way to the caller.
        self.matches: list[Mapping[str, Any]] = (
            json.loads(matches) if isinstance(matches, str) else list(matches or [])
        )
        self.args = (message, self.fields, json.dumps(self.matches))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "matches": self.matches}


@deserialize_to_instance
class Forbidden(CrmError):
    code = "forbidden"


@deserialize_to_instance
class Unauthorized(CrmError):
    code = "unauthorized"


@deserialize_to_instance
class ServiceUnavailable(CrmError):
    code = "service_unavailable"


def invalid_from_marshmallow(err: ValidationError) -> InvalidInput:
    """Turn a marshmallow ValidationError into InvalidInput with flat field reasons."""
    messages = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
    return InvalidInput("the request has invalid fields", _flatten(messages))


def _flatten(messages: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = "; ".join(str(v) for v in value)
        else:
            out[name] = str(value)
    return out

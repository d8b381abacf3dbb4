"""The one table from error type to HTTP status. Nothing else in the gateway knows status
codes for errors."""

from __future__ import annotations

import logging

from nameko.exceptions import MalformedRequest, RemoteError, UnknownService
from werkzeug.exceptions import RequestEntityTooLarge

from crm_common.errors import (
    Conflict,
    CrmError,
    Forbidden,
    InvalidInput,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
)
from gateway.id_searches import TooManySearches
from gateway.throttle import TooManyAttempts

log = logging.getLogger(__name__)

STATUS: dict[type[CrmError], int] = {
    InvalidInput: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooManyAttempts: 429,
    TooManySearches: 429,
    ServiceUnavailable: 503,
}


def to_response_body(exc: Exception) -> tuple[int, dict]:
    """(status, {"error", "message", "fields"}) for any exception."""
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status, exc.to_dict()
    if isinstance(exc, CrmError):
        return 400, exc.to_dict()
    if isinstance(exc, RequestEntityTooLarge):
        return 413, {
            "error": "too_large",
            "message": "the body is too large",
            "fields": {"_body": "too large"},
        }
    if isinstance(exc, MalformedRequest):
        return 400, {"error": "invalid_input", "message": str(exc), "fields": {}}
    if isinstance(exc, UnknownService):
        return 503, {"error": "service_unavailable", "message": str(exc), "fields": {}}
    if isinstance(exc, RemoteError):
        # its type only: the message may quote what the call carried (the service itself
        # logs the failure, through the filter of crm_common/log_privacy.py)
        log.error("a service failed: %s", exc.exc_type)
        return 502, {"error": "service_failed", "message": "a service failed to answer", "fields": {}}
    log.exception("unexpected error", exc_info=exc)
    return 500, {"error": "internal", "message": "unexpected error", "fields": {}}

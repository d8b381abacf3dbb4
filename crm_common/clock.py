"""Time is timezone-aware UTC in storage; this is the one place that asks for it."""

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)

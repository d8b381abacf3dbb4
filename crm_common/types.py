"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import JSON, DateTime, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores timezone-aware UTC; gives back aware UTC on every backend (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Money(TypeDecorator[Decimal]):
    """An exact amount in whole cents (Decimal); the currency is a column beside it.
    Round with the one rule (ordering.money) before storing."""

    impl = Numeric(18, 2)
    cache_ok = True

    def process_result_value(self, value: Decimal | float | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


# JSON in SQLite, JSONB (indexable, comparable) in PostgreSQL.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")

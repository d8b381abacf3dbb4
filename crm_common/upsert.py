"""INSERT … ON CONFLICT on either database: both speak it, each through a construct of
its own, and a domain module should not have to ask which one it is talking to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

# the dialect's name → its INSERT with ON CONFLICT, taking a mapped class or a table
UPSERT: dict[str, Callable[[Any], PostgresqlInsert | SqliteInsert]] = {
    "postgresql": postgresql_insert,
    "sqlite": sqlite_insert,
}


def upsert(session: Session, target: type[Any]) -> PostgresqlInsert | SqliteInsert:
    """An insert into the mapped class `target` that can take `.on_conflict_do_update(…)`."""
    return UPSERT[session.get_bind().dialect.name](target)

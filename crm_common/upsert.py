"""INSERT … ON CONFLICT on either database: both speak it, each through a construct of
its own, and a domain module should not have to ask which one it is talking to."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

UPSERT = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def upsert(session: Session, target):
    """An insert into `target` that can take `.on_conflict_do_update(…)`."""
    return UPSERT[session.get_bind().dialect.name](target)

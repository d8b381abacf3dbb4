"""How many rows an UPDATE or DELETE changed: the number a conditional write decides by."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


def rows_changed(session: Session, statement: Executable) -> int:
    """Run `statement` (an UPDATE or DELETE) in the session's transaction and say how many
    rows it changed. Its result is a cursor's, which SQLAlchemy's types do not say."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount

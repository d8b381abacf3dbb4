"""Opening cases with gap-free yearly numbers (`2026-000042`) that a customer can quote."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import NotFound
from crm_common.history import newest_first
from services.case.models import Case, CaseCounter


def next_number(session: Session, year: int) -> str:
    """Bump the year's counter in one upsert (insert the year or add one, under the row's
    lock), so two cases opened at the same moment — even the year's first two — never
    share a number or fail."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(CaseCounter).values(year=year, last=1)
    statement = statement.on_conflict_do_update(
        index_elements=[CaseCounter.year],
        set_={"last": CaseCounter.last + 1},
    ).returning(CaseCounter.last)
    return f"{year}-{session.execute(statement).scalar_one():06d}"


def open_case(session: Session, data: dict, opened_by: str) -> Case:
    now = utcnow()
    case = Case(
        number=next_number(session, now.year),
        customer_id=data["customer_id"],
        subject=data["subject"],
        description=data.get("description", ""),
        channel=data["channel"],
        priority=data["priority"],
        status="open",
        opened_by=opened_by,
        created_at=now,
    )
    session.add(case)
    session.flush()
    return case


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "not found"})
    return case


def cases_of(session: Session, customer_id: int, limit: int = 50) -> list[Case]:
    return newest_first(session, Case, customer_id, limit)

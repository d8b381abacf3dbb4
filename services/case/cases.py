"""Opening cases with gap-free yearly numbers (`2026-000042`) that a customer can quote."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import NotFound
from services.case.models import Case, CaseCounter


def next_number(session: Session, year: int) -> str:
    """Bump the year's counter with an UPDATE (a row lock), so two cases opened at the same
    moment never share a number."""
    bumped = session.execute(update(CaseCounter).where(CaseCounter.year == year)
                             .values(last=CaseCounter.last + 1).returning(CaseCounter.last)).scalar()
    if bumped is None:
        session.add(CaseCounter(year=year, last=1))
        session.flush()
        bumped = 1
    return f"{year}-{bumped:06d}"


def open_case(session: Session, data: dict, opened_by: str) -> Case:
    now = utcnow()
    case = Case(number=next_number(session, now.year), customer_id=data["customer_id"],
                subject=data["subject"], description=data.get("description", ""),
                channel=data["channel"], priority=data["priority"], status="open",
                opened_by=opened_by, created_at=now)
    session.add(case)
    session.flush()
    return case


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "not found"})
    return case


def cases_of(session: Session, customer_id: int, limit: int = 50) -> list[Case]:
    return list(session.scalars(select(Case).where(Case.customer_id == customer_id)
                                .order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)))

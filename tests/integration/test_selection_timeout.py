"""A selection's preview or count that runs too long is stopped by the database, on SQLite
(a progress handler) and PostgreSQL (statement_timeout), and answered as a 503 with the
reason instead of holding a worker (and a connection) for minutes."""

import time

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from crm_common.acting import SYSTEM
from crm_common.errors import ServiceUnavailable
from crm_common.storage import UnitOfWork, create_db_engine
from services.customer import selections
from services.customer.service import CustomerService

# Counts to fifty million, a row at a time: many seconds on either database.
SLOW = (
    "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000)"
    " SELECT count(*) FROM c)"
)


@pytest.fixture
def svc(db_url, migrated):
    engine = create_db_engine(migrated("customer", db_url))
    yield worker_factory(
        CustomerService,
        db=UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None),
        actor=SYSTEM,
    )
    engine.dispose()


def test_a_slow_query_is_stopped_at_the_limit_and_the_connection_stays_usable(svc):
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as err, svc.db.read() as session:
        with selections.time_limit(session, 0.3):
            session.execute(text(f"SELECT {SLOW}"))
    assert time.monotonic() - started < 3
    assert err.value.fields == {"criteria": "took longer than 0.3 s"}
    assert "narrow the criteria" in err.value.message
    for _ in range(3):  # every pooled connection answers again, with no limit left behind
        with svc.db.read() as session:
            assert session.execute(text("SELECT 1")).scalar() == 1


def test_a_slow_preview_answers_with_the_reason(svc, monkeypatch):
    svc.create_customer({"kind": "person", "given_name": "Maja", "family_name": "Berg"})
    monkeypatch.setenv("CRM_SELECTION_TIMEOUT_SECONDS", "0.3")
    monkeypatch.setattr(selections, "compile_criteria", lambda *a: text(f"{SLOW} > 0"))
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as err:
        svc.preview_selection({"criteria": {"tier": ["key"]}})
    assert time.monotonic() - started < 3 and "took longer than 0.3 s" in err.value.message


def test_a_quick_preview_is_not_troubled_by_the_limit(svc, monkeypatch):
    monkeypatch.setenv("CRM_SELECTION_TIMEOUT_SECONDS", "5")
    svc.create_customer({"kind": "person", "given_name": "Maja", "family_name": "Berg"})
    assert svc.preview_selection({"criteria": {"tier": ["standard"]}}) == {"size": 1}

"""Each service's Alembic history builds exactly its models, on SQLite and PostgreSQL."""

import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from crm_common.migrate import PACKAGES, alembic_config
from crm_common.storage import create_db_engine


@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_migrations_match_the_models_and_go_back_down(db_url, migrated, service):
    migrated(service, db_url)
    models = importlib.import_module(f"{PACKAGES[service]}.models")
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), models.Base.metadata
            )
        assert diff == []
        assert set(models.Base.metadata.tables) <= set(inspect(engine).get_table_names())
        command.downgrade(alembic_config(service, db_url), "base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()


def test_services_never_share_a_table():
    tables = {}
    for service, package in PACKAGES.items():
        for name in importlib.import_module(f"{package}.models").Base.metadata.tables:
            tables.setdefault(name, []).append(service)
    # outbox and processed_events exist in each service's *own* database, never shared
    assert tables["outbox"] == ["customer", "order", "case", "messaging", "telephony"]
    assert {t for t, owners in tables.items() if len(owners) > 1} == {"outbox", "processed_events"}

"""Each service's Alembic history builds exactly its models, on SQLite and PostgreSQL."""

import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from crm_common.migrate import PACKAGES, alembic_config, autogenerate_includes
from crm_common.storage import create_db_engine


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_migrations_match_the_models_and_go_back_down(db_url, migrated, service):
    migrated(service, db_url)
    models = importlib.import_module(f"{PACKAGES[service]}.models")
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(
                    conn, opts={"compare_type": True, "include_name": autogenerate_includes}
                ),
                models.Base.metadata,
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


def test_an_order_book_with_orders_in_it_upgrades_and_keeps_its_stock_right(db_url):
    """Before the order book, a booked line took its units off the shelf; now it reserves
    them. The upgrade puts booked units back as reserved (and must rebuild the products
    table on SQLite while order lines point at it)."""
    config = alembic_config("order", db_url)
    command.upgrade(config, "a34aecefa44f")  # orders held for review: the last revision before
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO products (id, sku, name, price, currency, vat_rate, stock_on_hand, created_at)"
                " VALUES (1, 'A', 'A', 10, 'SEK', 25, 3, CURRENT_TIMESTAMP)"
            )
            conn.exec_driver_sql(
                "INSERT INTO orders (id, customer_id, status, source, currency, total, created_at)"
                " VALUES (1, 1, 'placed', 'agent', 'SEK', 20, CURRENT_TIMESTAMP)"
            )
            conn.exec_driver_sql(
                "INSERT INTO order_lines (order_id, product_id, sku, name, quantity, unit_price, line_total,"
                " ships_now) VALUES (1, 1, 'A', 'A', 2, 10, 20, true)"
            )
        command.upgrade(config, "head")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT stock_on_hand, reserved FROM products").one() == (5, 2)
            assert conn.exec_driver_sql("SELECT goods_total FROM orders").scalar() == 20
            assert conn.exec_driver_sql("SELECT vat_rate FROM order_lines").scalar() == 25
    finally:
        engine.dispose()

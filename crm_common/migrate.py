"""Alembic migrations, one history per service, each on that service's own database.

python -m crm_common.migrate upgrade [SERVICE ...]      # all services when none named
python -m crm_common.migrate revision SERVICE -m "what changed"   # autogenerate
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

from crm_common.config import SERVICES, load_settings

PACKAGES = {s: f"services.{s}" for s in SERVICES if s != "gateway"} | {"gateway": "gateway"}


def alembic_config(service: str, url: str) -> Config:
    package = importlib.import_module(PACKAGES[service])
    if package.__file__ is None:
        raise RuntimeError(f"{package.__name__} is not a regular package: it has no migrations folder")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(package.__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["service"] = service
    return cfg


def upgrade(service: str, url: str | None = None) -> None:
    """Bring `service`'s database to the newest revision (creates the SQLite file)."""
    settings = load_settings()
    url = url or settings.database_url(service)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(service, url), "head")


def autogenerate_includes(name: str | None, type_: str, parent_names: object) -> bool:
    """False for what migrations make by hand, per database, so autogenerate leaves it
    alone: full-text index tables (`fts_…`, and SQLite's shadow tables of them) and
    indexes on expressions (`…_expr`)."""
    if type_ == "table" and name and name.startswith("fts_"):
        return False
    return not (type_ == "index" and name is not None and name.endswith("_expr"))


def run_migrations(metadata: MetaData) -> None:
    """The body of every service's migrations/env.py."""
    from alembic import context
    from sqlalchemy import pool

    from crm_common.storage import create_db_engine

    config = context.config
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no sqlalchemy.url: run migrations through crm_common.migrate")
    options: dict[str, Any] = dict(  # context.configure's keywords, offline and online
        target_metadata=metadata,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        include_name=autogenerate_includes,
    )
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = (
        create_db_engine(url) if url.startswith("sqlite") else create_db_engine(url, poolclass=pool.NullPool)
    )
    sqlite = url.startswith("sqlite")
    with engine.connect() as connection:
        if sqlite:
            # Batch mode rebuilds a table by copy, drop and rename; with foreign keys on,
            # dropping a table other rows point at fails. Off while migrating, then
            # checked (SQLite ignores this pragma inside a transaction, hence the commit).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crm_common.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upgrade", help="migrate services to the newest revision")
    up.add_argument("services", nargs="*")
    rev = sub.add_parser("revision", help="autogenerate a revision for one service")
    rev.add_argument("service", choices=SERVICES)
    rev.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)
    if args.cmd == "upgrade":
        for service in args.services or SERVICES:
            if service not in SERVICES:
                parser.error(f"unknown service {service!r}; choose from {', '.join(SERVICES)}")
            upgrade(service)
            print(f"migrated {service}")
    else:
        cfg = alembic_config(args.service, load_settings().database_url(args.service))
        command.revision(cfg, message=args.message, autogenerate=True)


if __name__ == "__main__":
    main()

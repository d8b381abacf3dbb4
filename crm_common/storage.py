"""Each service's own database, and the unit of work a worker writes through.

Why commit inside the entrypoint: nameko sends an RPC reply *before* a dependency's
`worker_result` runs, so committing there would tell the caller "done" before the data is
safe. `db.transaction()` commits when its block ends without error and rolls back
otherwise; the block's return value goes out only after the commit succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import eventlet
from eventlet.queue import LightQueue
from nameko.extensions import DependencyProvider, SharedExtension
from sqlalchemy import create_engine, event, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_common.config import load_settings, service_database_url
from crm_common.dml import rows_changed

log = logging.getLogger(__name__)
_green_pg = False


def driver_url(url: str) -> str:
    """`postgresql://` means psycopg2 here (it can be made green); SQLAlchemy 2.1 would
    otherwise pick psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def create_db_engine(url: str, **options: Any) -> Engine:
    """An engine tuned for its backend, that never puts a statement's bound values (names,
    e-mail addresses, ids) in its errors or logs: SQLite in WAL mode with foreign keys and
    a busy timeout; PostgreSQL with a cooperative (green) driver under eventlet, so a
    greenthread waiting for a row lock does not freeze the whole process, and without
    the JIT compiler: every query here is short, and where the planner overestimates one
    (a self-join on the blocking keys) compiling it took a second of a 0.2 s query."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=20,
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            # SQLite's own lower() folds A–Z only; Nordic names need Å→å, Ö→ö (search, ILIKE)
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)

        return engine
    if url.startswith("postgres"):
        _make_postgres_green()
        defaults: dict[str, object] = {} if "poolclass" in options else {"pool_size": 10, "max_overflow": 20}
        defaults["connect_args"] = {"options": "-c jit=off"}
        return create_engine(
            driver_url(url), pool_pre_ping=True, hide_parameters=True, **{**defaults, **options}
        )
    return create_engine(url, hide_parameters=True, **options)


def _lower(text: object) -> object:
    return text.lower() if isinstance(text, str) else text


def _make_postgres_green() -> None:
    global _green_pg
    if _green_pg:
        return
    from eventlet import patcher

    if patcher.is_monkey_patched("socket"):
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()
        _green_pg = True


class UnitOfWork:
    """Sessions for one worker. `transaction()` for writes, `read()` for reads."""

    def __init__(self, make_session: Callable[[], Session], on_commit: Callable[[], None]):
        self._make_session = make_session
        self._on_commit = on_commit

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        session = self._make_session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            wrote_events = session.info.pop("outbox_written", False)
            session.close()
        if wrote_events:
            self._on_commit()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._make_session()
        try:
            yield session
        finally:
            session.rollback()
            session.close()


class ServiceStorage(SharedExtension):  # type: ignore[misc]  # nameko is untyped
    """The container's one engine, shared by its Database and OutboxRelay providers.

    Every service and the gateway has one, so its `setup` is where a container checks the
    settings: a bad value stops `nameko run` with the variable's name."""

    def setup(self) -> None:
        load_settings()
        self.url = service_database_url(self.container.config, self.container.service_name)
        self.engine = create_db_engine(self.url)
        self.make_session = sessionmaker(self.engine, expire_on_commit=False)
        self.commits: LightQueue = LightQueue()

    def committed_events(self) -> None:
        """Wake the outbox relay: a transaction just committed new events."""
        self.commits.put(None)

    def wait_for_commit(self, timeout: float) -> None:
        try:
            self.commits.get(timeout=timeout)
        except eventlet.queue.Empty:
            return
        while not self.commits.empty():
            self.commits.get_nowait()

    def kill(self) -> None:
        self.engine.dispose()

    def stop(self) -> None:
        self.engine.dispose()


class Database(DependencyProvider):  # type: ignore[misc]  # nameko is untyped
    """Injects a UnitOfWork on the service's own database."""

    storage = ServiceStorage()

    def get_dependency(self, worker_ctx: Any) -> UnitOfWork:
        return UnitOfWork(self.storage.make_session, self.storage.committed_events)


def transition(session: Session, model: type[Any], row_id: int, column: str, before: str, after: str) -> bool:
    """Move a row's state from `before` to `after` in one conditional UPDATE; False when
    it was not in `before` any more. Why: of two processes deciding the same thing at
    once (on SQLite a read takes no lock), exactly one sees its change."""
    statement = (
        update(model)
        .where(model.id == row_id, getattr(model, column) == before)
        .values({column: after})
        .execution_options(synchronize_session="fetch")
    )
    return rows_changed(session, statement) == 1

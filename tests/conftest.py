"""Root fixtures. The first lines fix the three known nameko 2.14 incompatibilities
(see shared STACK notes): monkey-patch before anything imports sockets, give Werkzeug 3.1
back a __version__ for nameko.web.websocket, and a web_session without werkzeug.urls."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import importlib.metadata  # noqa: E402

import werkzeug  # noqa: E402

werkzeug.__version__ = importlib.metadata.version("werkzeug")

import os  # noqa: E402

os.environ.setdefault("CRM_SLA_TICK_SECONDS", "0.2")  # SLA timers checked often in tests
os.environ.setdefault("CRM_IMAP_POLL_SECONDS", "0.3")
os.environ.setdefault("CRM_SEND_TICK_SECONDS", "0.2")
os.environ.setdefault("CRM_SEND_RETRY_SECONDS", "0.2")
from urllib.parse import urljoin  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from crm_common.storage import UnitOfWork, create_db_engine  # noqa: E402
from tests.postgres import fresh_database  # noqa: E402


@pytest.fixture
def web_session(web_config_port):
    import requests

    class WebSession(requests.Session):
        def request(self, method, url, *args, **kwargs):
            url = urljoin(f"http://127.0.0.1:{web_config_port}", url)
            return super().request(method, url, *args, **kwargs)

    with WebSession() as session:
        yield session


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with fresh_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request):
    """Run the test once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def uow_factory(tmp_path):
    """make(Base) → a UnitOfWork over a new SQLite file with Base's tables."""
    engines = []

    def make(base):
        engine = create_db_engine(f"sqlite:///{tmp_path / f'unit-{len(engines)}.db'}")
        engines.append(engine)
        base.metadata.create_all(engine)
        committed = []
        uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: committed.append(1))
        uow.engine = engine
        uow.commits_with_events = committed
        return uow

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def unchecked_events(monkeypatch):
    """Let `record` take any event type and data: for tests of the outbox's mechanics and
    of erasing published rows, which write made-up or partial events on purpose. The
    contracts themselves: tests/unit/test_event_contracts.py."""
    monkeypatch.setattr("crm_common.outbox.check_event", lambda event_type, data: None)

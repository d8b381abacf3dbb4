"""Integration fixtures: real RabbitMQ (a throwaway vhost per test, from nameko's
rabbit_config) and real databases migrated with the services' own Alembic histories."""

import pytest

from crm_common.migrate import upgrade


@pytest.fixture
def migrated(tmp_path):
    """migrated(service, url=None) → the URL of that service's database, at head.
    Without a URL: a new SQLite file."""

    def make(service, url=None):
        url = url or f"sqlite:///{tmp_path / f'{service}.db'}"
        upgrade(service, url)
        return url

    return make


@pytest.fixture
def config(rabbit_config, migrated):
    """nameko config for the containers of one test: its own vhost and a SQLite database
    per service."""
    services = ("customer", "order", "case", "messaging", "telephony", "gateway")
    return {**rabbit_config, "DATABASE_URLS": {s: migrated(s) for s in services}}

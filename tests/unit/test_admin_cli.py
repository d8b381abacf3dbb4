"""`make admin` (python -m gateway.admin_cli): how a real installation gets its first
login, since the demo seed runs only in development."""

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.migrate import upgrade
from crm_common.storage import create_db_engine
from gateway import admin_cli, users
from gateway.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "CRM_ENV": "production",
    "CRM_SECRET_KEY": "k" * 40,
    "CRM_PBX_API_KEY": "p" * 40,
    "CRM_SHOP_API_KEY": "s" * 40,
    "CRM_INBOUND_API_KEY": "i" * 40,
    "AMQP_URI": "pyamqp://crm-gateway:not-a-development-password@127.0.0.1:5672/crm",  # not used
    "CRM_PUBLIC_URL": "https://kundservice.example.se",
}


@pytest.fixture
def data_dir(tmp_path):
    upgrade("gateway", f"sqlite:///{tmp_path / 'gateway.db'}")
    return tmp_path


def run(data_dir, *args, stdin="", **env):
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "gateway.admin_cli", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "CRM_DATA_DIR": str(data_dir), **PRODUCTION, **env},
        timeout=60,
    )


def test_the_command_makes_an_admin_who_can_log_in(data_dir):
    made = run(data_dir, "--username", "boss", "--password-stdin", stdin="a-long-admin-password\n")
    assert made.returncode == 0, made.stderr
    assert "Admin boss made" in made.stdout
    engine = create_db_engine(f"sqlite:///{data_dir / 'gateway.db'}")
    with Session(engine) as session:
        now = datetime.now(timezone.utc)
        user = users.log_in(session, "boss", "a-long-admin-password", "127.0.0.1", now)
        assert user is not None and user.role == "admin"
        acts = [(e.action, e.details.get("by")) for e in session.scalars(select(AuditEntry))]
        assert ("user_created", "admin_cli") in acts
    engine.dispose()
    again = run(data_dir, "--username", "boss", "--password-stdin", stdin="another-long-password\n")
    assert again.returncode != 0 and "exists already" in again.stderr


def test_a_short_password_makes_nothing(data_dir):
    short = run(data_dir, "--password-stdin", stdin="short\n")
    assert short.returncode != 0 and "at least 10 characters" in short.stderr


def test_it_refuses_to_run_on_development_keys_outside_development(data_dir):
    refused = run(data_dir, "--password-stdin", stdin="a-long-admin-password\n", CRM_SECRET_KEY="")
    assert refused.returncode != 0 and "CRM_SECRET_KEY" in refused.stderr


def test_on_a_terminal_the_password_is_asked_twice_and_must_match(data_dir, monkeypatch):
    monkeypatch.setenv("CRM_DATA_DIR", str(data_dir))
    answers = iter(["a-long-admin-password", "a-long-admin-passwore"])
    monkeypatch.setattr(admin_cli.getpass, "getpass", lambda prompt: next(answers))
    with pytest.raises(SystemExit, match="differ"):
        admin_cli.main(["--username", "typo"])
    answers = iter(["a-long-admin-password"] * 2)
    assert admin_cli.main(["--username", "careful"]) == 0


def test_the_demo_seed_runs_only_in_development(data_dir, monkeypatch):
    from gateway import seed

    for name, value in {**PRODUCTION, "CRM_DATA_DIR": str(data_dir)}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match="only with CRM_ENV=development.*make admin"):
        seed.seed("pyamqp://nobody@127.0.0.1:1/")  # refused before it reaches for the broker
    engine = create_db_engine(f"sqlite:///{data_dir / 'gateway.db'}")
    with Session(engine) as session:
        assert session.scalar(select(users.User.id)) is None  # no demo logins
    engine.dispose()

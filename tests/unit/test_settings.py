"""Configuration that fails closed: outside development no process starts on a
development, empty or short secret or integration key, nor on a broker login that is
guest's or one of the deploy's development passwords, and the message names the setting."""

import os
import subprocess
import sys
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest

from crm_common.config import Settings, SettingsError, load_settings, markdown_table

ROOT = Path(__file__).resolve().parents[2]

STRONG = {
    "CRM_ENV": "production",
    "CRM_SECRET_KEY": "s" * 32,
    "CRM_PBX_API_KEY": "p" * 32,
    "CRM_SHOP_API_KEY": "w" * 40,
    "CRM_INBOUND_API_KEY": "i" * 32,
    "AMQP_URI": "pyamqp://crm-gateway:a-password-of-its-own@rabbitmq:5672/crm",
    "CRM_PUBLIC_URL": "https://kundservice.example.se",
}


def test_production_starts_with_long_secrets_of_its_own():
    settings = load_settings(STRONG)
    assert settings.environment == "production" and settings.secret_key == "s" * 32


def test_development_runs_on_the_development_defaults():
    assert load_settings({}).environment == "development"


@pytest.mark.parametrize(
    "setting", ["CRM_SECRET_KEY", "CRM_PBX_API_KEY", "CRM_SHOP_API_KEY", "CRM_INBOUND_API_KEY"]
)
@pytest.mark.parametrize(
    "value, why",
    [
        (None, "must be set"),  # not set: the development default
        ("", "must be set"),
        ("x" * 31, "too short"),
    ],
)
def test_outside_development_a_default_empty_or_short_key_is_refused_by_name(setting, value, why):
    env = dict(STRONG)
    if value is None:
        del env[setting]
    else:
        env[setting] = value
    with pytest.raises(SettingsError, match=f"{setting} (is )?{why}"):
        load_settings(env)


@pytest.mark.parametrize("url", [None, "", "http://kundservice.example.se", "http://0.0.0.0:8000"])
def test_outside_development_the_portal_address_of_the_login_links_must_be_https(url):
    env = dict(STRONG)
    if url is None:
        del env["CRM_PUBLIC_URL"]  # not set: the gateway's listening address, over http
    else:
        env["CRM_PUBLIC_URL"] = url
    with pytest.raises(SettingsError, match="CRM_PUBLIC_URL must be the portal's https:// address"):
        load_settings(env)


def test_any_environment_but_development_is_checked():
    with pytest.raises(SettingsError, match="CRM_SECRET_KEY"):
        load_settings({"CRM_ENV": "staging"})


@pytest.mark.parametrize(
    "uri",
    [
        None,  # not set: the development default, guest/guest
        "pyamqp://guest:guest@127.0.0.1:5672/",
        "amqp://rabbitmq:5672/",  # no login named: kombu logs in as guest/guest
        "pyamqp://guest@rabbitmq/",
        "pyamqp://crm-case:development-amqp-case@rabbitmq:5672/crm",
        "pyamqp://crm-admin:development%2Damqp%2Dadmin@rabbitmq:5672/crm",
        "pyamqp://crm-order:strong-one@rabbit-a:5672/crm;pyamqp://crm-order:development-amqp-order@rabbit-b/crm",
    ],
)
def test_outside_development_a_guest_or_development_broker_login_is_refused_by_name(uri):
    env = dict(STRONG)
    if uri is None:
        del env["AMQP_URI"]
    else:
        env["AMQP_URI"] = uri
    with pytest.raises(SettingsError, match="AMQP_URI") as refused:
        load_settings(env)
    assert "development-amqp" not in str(refused.value)  # the message names no password


def test_in_development_the_broker_login_is_not_checked():
    uri = "pyamqp://crm-case:development-amqp-case@rabbitmq:5672/crm"
    assert load_settings({"AMQP_URI": uri}).amqp_uri == uri


def test_messaging_sends_on_its_pace_from_the_same_variables():
    assert (
        load_settings({}).send_tick_seconds,
        load_settings({}).send_retry_seconds,
        load_settings({}).send_connections,
    ) == (1.0, 30.0, 2)
    env = {"CRM_SEND_TICK_SECONDS": "0.2", "CRM_SEND_RETRY_SECONDS": "5", "CRM_SEND_CONNECTIONS": "4"}
    settings = load_settings(env)
    assert (settings.send_tick_seconds, settings.send_retry_seconds, settings.send_connections) == (
        0.2,
        5.0,
        4,
    )


def test_the_match_thresholds_come_from_the_same_variables():
    assert (load_settings({}).match_duplicate, load_settings({}).match_review) == (0.95, 0.8)
    settings = load_settings({"CRM_MATCH_DUPLICATE": "0.9", "CRM_MATCH_REVIEW": "0.6"})
    assert (settings.match_duplicate, settings.match_review) == (0.9, 0.6)


def test_every_setting_names_its_variable_and_says_what_it_means():
    for f in fields(Settings):
        assert f.metadata["env"] and f.metadata["doc"], f.name


def test_the_defaults_are_the_settings_defaults():
    assert load_settings({}) == Settings()
    settings = load_settings({})
    assert (settings.token_ttl_seconds, settings.data_dir, settings.public_url) == (
        28800,
        Path("var"),
        "http://127.0.0.1:8000",
    )


def test_each_variable_is_parsed_by_its_fields_type():
    settings = load_settings(
        {
            "CRM_TOKEN_TTL_SECONDS": " 600 ",
            "CRM_DATA_DIR": "/srv/crm",
            "CRM_PREPAYMENT_ABOVE": "2500.50",
            "CRM_SLA_TICK_SECONDS": "0.5",
            "CRM_SMTP_URL": "",  # empty: unset
            "CRM_DEFAULT_REGION": "fi",
            "GATEWAY_ADDRESS": "0.0.0.0:9000",
            "ORDER_DATABASE_URL": "postgresql://crm@db/order",
        }
    )
    assert settings.token_ttl_seconds == 600 and settings.data_dir == Path("/srv/crm")
    assert settings.prepayment_above == Decimal("2500.50") and settings.sla_tick_seconds == 0.5
    assert settings.smtp_url is None
    assert (settings.default_region, settings.pbx_region) == ("FI", "FI")  # the PBX's follows
    assert settings.public_url == "http://0.0.0.0:9000"
    assert settings.database_url("order") == "postgresql://crm@db/order"


@pytest.mark.parametrize(
    "variable, value, why",
    [
        ("CRM_TOKEN_TTL_SECONDS", "soon", "must be a number, not 'soon'"),
        ("CRM_TOKEN_TTL_SECONDS", "1.5", "must be a whole number"),
        ("CRM_TOKEN_TTL_SECONDS", "0", "must be at least 1"),
        ("CRM_SEND_CONNECTIONS", "two", "must be a number"),
        ("CRM_SLA_TICK_SECONDS", "0", "must be above 0"),
        ("CRM_SLA_TICK_SECONDS", "nan", "must be a number"),
        ("CRM_CREDIT_LIMIT", "-1", "must be at least 0"),
        ("CRM_PREPAYMENT_ABOVE", "lots", "must be a number"),
        ("CRM_MAX_OFFER_PERCENT", "101", "must be above 0 and at most 100"),
        ("CRM_MAX_OFFER_AMOUNT", "0", "must be above 0"),
        ("CRM_MATCH_DUPLICATE", "1.5", "must be above 0 and at most 1"),
        ("CRM_MATCH_REVIEW", "0.99", "must be at most CRM_MATCH_DUPLICATE"),
        ("CRM_TIMEZONE", "Europe/Atlantis", "is not a known time zone"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable_and_the_reason(variable, value, why):
    with pytest.raises(SettingsError, match=f"^{variable} {why}"):
        load_settings({variable: value})


def test_the_readme_table_is_the_one_the_settings_print():
    readme = (ROOT / "README.md").read_text()
    start, end = "<!-- settings:start -->\n", "<!-- settings:end -->"
    assert start in readme and end in readme
    held = readme[readme.index(start) + len(start) : readme.index(end)]
    assert held == markdown_table(), "README.md's settings differ: python -m crm_common.config --markdown"


def test_no_module_but_the_settings_reads_the_environment():
    readers = []
    for top in ("crm_common", "gateway", "services"):
        for path in (ROOT / top).rglob("*.py"):
            text = path.read_text()
            if "os.environ" in text or "os.getenv" in text:
                readers.append(str(path.relative_to(ROOT)))
    # broker_access is a command-line tool that is handed the environment to render the
    # broker's password hashes from; no service or gateway process runs it
    assert sorted(readers) == ["crm_common/broker_access.py", "crm_common/config.py"]


def test_a_bad_value_stops_a_service_at_its_start_with_the_variables_name(tmp_path):
    env = {
        **os.environ,
        "CRM_TOKEN_TTL_SECONDS": "soon",
        "CRM_DATA_DIR": str(tmp_path),
        "AMQP_URI": "pyamqp://guest:guest@127.0.0.1:1/",  # never reached
    }
    nameko = str(Path(sys.executable).parent / "nameko")
    run = subprocess.run(
        [nameko, "run", "--config", "deploy/nameko.yaml", "services.telephony.service:TelephonyService"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 and "CRM_TOKEN_TTL_SECONDS must be a number" in run.stderr

"""Configuration that fails closed: outside development no process starts on a
development, empty or short secret or integration key, nor on a broker login that is
guest's or one of the deploy's development passwords, and the message names the setting."""

import pytest

from crm_common.config import SettingsError, load_settings

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

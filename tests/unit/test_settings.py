"""Configuration that fails closed: outside development no process starts on a
development, empty or short secret or integration key, and the message names the setting."""

import pytest

from crm_common.config import SettingsError, load_settings

STRONG = {
    "CRM_ENV": "production",
    "CRM_SECRET_KEY": "s" * 32,
    "CRM_PBX_API_KEY": "p" * 32,
    "CRM_SHOP_API_KEY": "w" * 40,
    "CRM_INBOUND_API_KEY": "i" * 32,
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


def test_any_environment_but_development_is_checked():
    with pytest.raises(SettingsError, match="CRM_SECRET_KEY"):
        load_settings({"CRM_ENV": "staging"})

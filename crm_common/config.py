"""One typed settings object, read from the environment.

Why: every process (service, gateway, CLI, tests) must agree on where the data and the
broker are, and a production deployment must not run on a development secret.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEVELOPMENT_SECRET = "development-only-secret-change-me"
DEVELOPMENT_PBX_KEY = "development-pbx-key"
DEVELOPMENT_SHOP_KEY = "development-shop-key"
DEVELOPMENT_INBOUND_KEY = "development-inbound-key"
SERVICES = ("customer", "order", "case", "messaging", "telephony", "gateway")


class SettingsError(RuntimeError):
    """The environment describes a configuration that must not run."""


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    amqp_uri: str = "pyamqp://guest:guest@127.0.0.1:5672/"
    data_dir: Path = Path("var")
    secret_key: str = DEVELOPMENT_SECRET
    pbx_api_key: str = DEVELOPMENT_PBX_KEY
    shop_api_key: str = DEVELOPMENT_SHOP_KEY
    inbound_api_key: str = DEVELOPMENT_INBOUND_KEY
    default_region: str = "SE"
    pbx_region: str = "SE"
    token_ttl_seconds: int = 8 * 3600
    database_urls: dict[str, str] = field(default_factory=dict)
    smtp_url: str | None = None  # None: mail is written to files under data_dir/mail
    mail_from: str = "Customer service <service@crm.invalid>"
    mail_domain: str = "crm.invalid"
    sms_url: str | None = None
    sms_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"  # where customers reach the portal (links in mail)

    def database_url(self, service: str) -> str:
        """The SQLAlchemy URL of `service`'s own database.

        `<SERVICE>_DATABASE_URL` selects e.g. PostgreSQL; otherwise an SQLite file per
        service under the data directory.
        """
        if service in self.database_urls:
            return self.database_urls[service]
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"

    def check(self) -> Settings:
        """Refuse development credentials outside development."""
        if self.environment != "development":
            if self.secret_key == DEVELOPMENT_SECRET:
                raise SettingsError("CRM_SECRET_KEY must be set outside development")
            if self.pbx_api_key == DEVELOPMENT_PBX_KEY:
                raise SettingsError("CRM_PBX_API_KEY must be set outside development")
            if self.shop_api_key == DEVELOPMENT_SHOP_KEY:
                raise SettingsError("CRM_SHOP_API_KEY must be set outside development")
            if self.inbound_api_key == DEVELOPMENT_INBOUND_KEY:
                raise SettingsError("CRM_INBOUND_API_KEY must be set outside development")
        return self


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    urls = {s: env[f"{s.upper()}_DATABASE_URL"] for s in SERVICES if env.get(f"{s.upper()}_DATABASE_URL")}
    return Settings(
        environment=env.get("CRM_ENV", "development"),
        amqp_uri=env.get("AMQP_URI", Settings.amqp_uri),
        data_dir=Path(env.get("CRM_DATA_DIR", "var")),
        secret_key=env.get("CRM_SECRET_KEY", DEVELOPMENT_SECRET),
        pbx_api_key=env.get("CRM_PBX_API_KEY", DEVELOPMENT_PBX_KEY),
        shop_api_key=env.get("CRM_SHOP_API_KEY", DEVELOPMENT_SHOP_KEY),
        inbound_api_key=env.get("CRM_INBOUND_API_KEY", DEVELOPMENT_INBOUND_KEY),
        default_region=env.get("CRM_DEFAULT_REGION", "SE").upper(),
        pbx_region=env.get("CRM_PBX_REGION", env.get("CRM_DEFAULT_REGION", "SE")).upper(),
        token_ttl_seconds=int(env.get("CRM_TOKEN_TTL_SECONDS", 8 * 3600)),
        database_urls=urls,
        smtp_url=env.get("CRM_SMTP_URL") or None,
        mail_from=env.get("CRM_MAIL_FROM", Settings.mail_from),
        mail_domain=env.get("CRM_MAIL_DOMAIN", Settings.mail_domain),
        sms_url=env.get("CRM_SMS_URL") or None,
        sms_key=env.get("CRM_SMS_KEY") or None,
        public_url=(
            env.get("CRM_PUBLIC_URL") or f"http://{env.get('GATEWAY_ADDRESS', '127.0.0.1:8000')}"
        ).rstrip("/"),
    ).check()


def service_database_url(container_config: dict, service: str) -> str:
    """A nameko container's database URL: its config's DATABASE_URLS wins (tests),
    then the environment."""
    configured = (container_config or {}).get("DATABASE_URLS") or {}
    if configured.get(service):
        return configured[service]
    return load_settings().database_url(service)

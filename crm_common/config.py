"""One typed settings object, read from the environment.

Why: every process (service, gateway, CLI, tests) must agree on where the data and the
broker are, and a production deployment must not run on a development secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEVELOPMENT_SECRET = "development-only-secret-change-me"
DEVELOPMENT_PBX_KEY = "development-pbx-key"
DEVELOPMENT_SHOP_KEY = "development-shop-key"
DEVELOPMENT_INBOUND_KEY = "development-inbound-key"
MIN_SECRET_LENGTH = 32  # the token secret and the integration keys, outside development
SERVICES = ("customer", "order", "case", "messaging", "telephony", "gateway")
# The broker logins the deploy falls back to when CRM_AMQP_PASSWORD_<USER> is not set
# (deploy/docker-compose.yml): crm-admin's and one per service and the gateway.
DEVELOPMENT_AMQP_PASSWORDS = frozenset(f"development-amqp-{user}" for user in ("admin", *SERVICES))


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
    login_failures_per_account: int = 5  # failed logins in 15 minutes before a 429
    login_failures_per_address: int = 20  # ... from one client address
    national_id_searches_per_hour: int = 30  # by one user who sees ids masked, before a 429
    database_urls: dict[str, str] = field(default_factory=dict)
    smtp_url: str | None = None  # None: mail is written to files under data_dir/mail
    mail_from: str = "Customer service <service@crm.invalid>"
    mail_domain: str = "crm.invalid"
    sms_url: str | None = None
    sms_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"  # where customers reach the portal (links in mail)
    # The order book's rules (services/order/rules.py): the base currency, the amounts in it
    # above which an order is paid in advance and a customer without a limit of their own
    # needs approval, the payment terms, and the time zone of the business day.
    currency: str = "SEK"
    prepayment_above: Decimal = Decimal("10000.00")
    credit_limit: Decimal = Decimal("20000.00")
    payment_terms_days: int = 30
    timezone: str = "Europe/Stockholm"
    max_offer_percent: Decimal = Decimal("50")  # the largest percentage an offer may give
    max_offer_amount: Decimal = Decimal("1000.00")  # the largest amount off, in the base currency
    # The customer register's duplicate matching (services/customer/scoring.py): a pair
    # scoring at least match_duplicate is a probable duplicate, at least match_review a
    # look-alike for an agent to review.
    match_duplicate: float = 0.95
    match_review: float = 0.8
    selection_timeout_seconds: float = 10.0  # a selection's preview or count stops after this
    sla_tick_seconds: float = 5.0  # how often the case service fires due SLA timers and reminders
    imap_poll_seconds: float = 30.0  # how often the case service polls the IMAP folder
    imap_url: str | None = None  # imap://user:pass@host/INBOX; None: no mailbox is polled
    send_tick_seconds: float = 1.0  # how often messaging sends what is queued and moves campaigns
    send_retry_seconds: float = 30.0  # the first pause after a failed send (it doubles each try)
    send_connections: int = 2  # SMTP connections (and SMS requests) at once per channel

    def database_url(self, service: str) -> str:
        """The SQLAlchemy URL of `service`'s own database.

        `<SERVICE>_DATABASE_URL` selects e.g. PostgreSQL; otherwise an SQLite file per
        service under the data directory.
        """
        if service in self.database_urls:
            return self.database_urls[service]
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"

    def check(self) -> Settings:
        """Refuse to run outside development on a development, empty or short secret or
        integration key, on a public URL (CRM_PUBLIC_URL) that is not https, or on a
        broker URL (AMQP_URI) that logs in as guest/guest or with
        one of the deploy's development passwords: SettingsError names the setting. A
        process that loads settings (the gateway, every service, the command-line tools)
        then does not start."""
        if self.environment == "development":
            return self
        for name, value, development in (
            ("CRM_SECRET_KEY", self.secret_key, DEVELOPMENT_SECRET),
            ("CRM_PBX_API_KEY", self.pbx_api_key, DEVELOPMENT_PBX_KEY),
            ("CRM_SHOP_API_KEY", self.shop_api_key, DEVELOPMENT_SHOP_KEY),
            ("CRM_INBOUND_API_KEY", self.inbound_api_key, DEVELOPMENT_INBOUND_KEY),
        ):
            if not value or value == development:
                raise SettingsError(f"{name} must be set outside development (CRM_ENV={self.environment})")
            if len(value) < MIN_SECRET_LENGTH:
                raise SettingsError(
                    f"{name} is too short: at least {MIN_SECRET_LENGTH} characters outside development"
                )
        if not self.public_url.startswith("https://"):
            # the one-time login links in mail point here: over plain HTTP (or at the
            # gateway's own listening address) the link is readable on the way
            raise SettingsError(
                f"CRM_PUBLIC_URL must be the portal's https:// address outside development "
                f"(CRM_ENV={self.environment}): the login links in mail point there"
            )
        for user, password in _amqp_logins(self.amqp_uri):
            if (user, password) == ("guest", "guest") or password in DEVELOPMENT_AMQP_PASSWORDS:
                raise SettingsError(
                    f"AMQP_URI logs in as {user} with a development password: give each process "
                    f"its own broker login outside development (CRM_ENV={self.environment})"
                )
        return self


def _amqp_logins(uri: str) -> list[tuple[str, str]]:
    """The (user, password) each of the broker URL's hosts logs in with (kombu takes
    `a;b` as fail-over hosts). A URL without a user or password gets kombu's default,
    guest."""
    logins = []
    for one in uri.split(";"):
        parts = urlsplit(one.strip())
        logins.append((unquote(parts.username or "") or "guest", unquote(parts.password or "") or "guest"))
    return logins


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
        login_failures_per_account=int(env.get("CRM_LOGIN_FAILURES_PER_ACCOUNT", 5)),
        login_failures_per_address=int(env.get("CRM_LOGIN_FAILURES_PER_ADDRESS", 20)),
        national_id_searches_per_hour=int(env.get("CRM_NATIONAL_ID_SEARCHES_PER_HOUR", 30)),
        database_urls=urls,
        smtp_url=env.get("CRM_SMTP_URL") or None,
        mail_from=env.get("CRM_MAIL_FROM", Settings.mail_from),
        mail_domain=env.get("CRM_MAIL_DOMAIN", Settings.mail_domain),
        sms_url=env.get("CRM_SMS_URL") or None,
        sms_key=env.get("CRM_SMS_KEY") or None,
        public_url=(
            env.get("CRM_PUBLIC_URL") or f"http://{env.get('GATEWAY_ADDRESS', '127.0.0.1:8000')}"
        ).rstrip("/"),
        currency=env.get("CRM_CURRENCY", Settings.currency).upper(),
        prepayment_above=Decimal(env.get("CRM_PREPAYMENT_ABOVE", Settings.prepayment_above)),
        credit_limit=Decimal(env.get("CRM_CREDIT_LIMIT", Settings.credit_limit)),
        payment_terms_days=int(env.get("CRM_PAYMENT_TERMS_DAYS", Settings.payment_terms_days)),
        timezone=env.get("CRM_TIMEZONE", Settings.timezone),
        max_offer_percent=_number(env, "CRM_MAX_OFFER_PERCENT", Settings.max_offer_percent, high=100),
        max_offer_amount=_number(env, "CRM_MAX_OFFER_AMOUNT", Settings.max_offer_amount),
        match_duplicate=float(env.get("CRM_MATCH_DUPLICATE", Settings.match_duplicate)),
        match_review=float(env.get("CRM_MATCH_REVIEW", Settings.match_review)),
        selection_timeout_seconds=float(
            _number(env, "CRM_SELECTION_TIMEOUT_SECONDS", Decimal(str(Settings.selection_timeout_seconds)))
        ),
        sla_tick_seconds=float(env.get("CRM_SLA_TICK_SECONDS", Settings.sla_tick_seconds)),
        imap_poll_seconds=float(env.get("CRM_IMAP_POLL_SECONDS", Settings.imap_poll_seconds)),
        imap_url=env.get("CRM_IMAP_URL") or None,
        send_tick_seconds=float(env.get("CRM_SEND_TICK_SECONDS", Settings.send_tick_seconds)),
        send_retry_seconds=float(env.get("CRM_SEND_RETRY_SECONDS", Settings.send_retry_seconds)),
        send_connections=int(env.get("CRM_SEND_CONNECTIONS", Settings.send_connections)),
    ).check()


def _number(
    env: Mapping[str, str], name: str, default: Decimal, high: Decimal | int | None = None
) -> Decimal:
    """A positive number from the environment; SettingsError names the setting otherwise."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None
    if not value.is_finite() or value <= 0 or (high is not None and value > high):
        raise SettingsError(f"{name} must be above 0{f' and at most {high}' if high is not None else ''}")
    return value


def service_database_url(container_config: Mapping[str, object] | None, service: str) -> str:
    """A nameko container's database URL: its config's DATABASE_URLS wins (tests),
    then the environment."""
    configured = (container_config or {}).get("DATABASE_URLS") or {}
    if isinstance(configured, dict) and configured.get(service):
        return str(configured[service])
    return load_settings().database_url(service)

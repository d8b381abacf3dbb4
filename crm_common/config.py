"""One typed settings object, read from the environment.

Why: every process (service, gateway, CLI, tests) must agree on where the data and the
broker are, and a production deployment must not run on a development secret.

Each field of `Settings` carries its environment variable, its default and a line saying
what it means (`setting(...)`, crm_common/setting_fields.py); `load_settings` parses every
variable by the field's type and refuses a bad value with a SettingsError naming the
variable. Every process calls it when it starts (the services and the gateway in
`ServiceStorage.setup`), so a bad value stops the start rather than failing a call later.
No other module reads the environment. `python -m crm_common.config --markdown` prints
the README's table of the variables.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_common.setting_fields import SettingsError as SettingsError
from crm_common.setting_fields import given, parse, setting

DEVELOPMENT_SECRET = "development-only-secret-change-me"
DEVELOPMENT_PBX_KEY = "development-pbx-key"
DEVELOPMENT_SHOP_KEY = "development-shop-key"
DEVELOPMENT_INBOUND_KEY = "development-inbound-key"
MIN_SECRET_LENGTH = 32  # the token secret and the integration keys, outside development
SERVICES = ("customer", "order", "case", "messaging", "telephony", "gateway")
# The broker logins the deploy falls back to when CRM_AMQP_PASSWORD_<USER> is not set
# (deploy/docker-compose.yml): crm-admin's and one per service and the gateway.
DEVELOPMENT_AMQP_PASSWORDS = frozenset(f"development-amqp-{user}" for user in ("admin", *SERVICES))


@dataclass(frozen=True)
class Settings:
    environment: str = setting(
        "CRM_ENV",
        "development",
        "anything else refuses to start on the development, an empty or a short (< 32 "
        "characters) secret, PBX, shop or inbound key, on a `CRM_PUBLIC_URL` that is not "
        "`https://`, or on an `AMQP_URI` that logs in as guest/guest or with one of the "
        "deploy's `development-amqp-…` passwords, naming the setting; no demo seed",
    )
    amqp_uri: str = setting("AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/", "the broker")
    gateway_address: str = setting(
        "GATEWAY_ADDRESS",
        "127.0.0.1:8000",
        "where the gateway listens; `make run` refuses a port that is taken",
        also="deploy/nameko.yaml, deploy/run.sh",
    )
    data_dir: Path = setting("CRM_DATA_DIR", Path("var"), "where the SQLite files live")
    database_urls: dict[str, str] = field(
        default_factory=dict,
        metadata={
            "env": "CUSTOMER_DATABASE_URL`, `ORDER_…`, `CASE_…`, `MESSAGING_…`, `TELEPHONY_…`, "
            "`GATEWAY_DATABASE_URL",
            "shown": "SQLite under `CRM_DATA_DIR`",
            "doc": "e.g. `postgresql://crm@db/customer`: one database per service",
        },
    )
    secret_key: str = setting(
        "CRM_SECRET_KEY", DEVELOPMENT_SECRET, "signs the login tokens", shown="a development value"
    )
    pbx_api_key: str = setting("CRM_PBX_API_KEY", DEVELOPMENT_PBX_KEY, "the PBX's credential")
    shop_api_key: str = setting(
        "CRM_SHOP_API_KEY", DEVELOPMENT_SHOP_KEY, "a web shop's credential for `POST /api/web-orders`"
    )
    inbound_api_key: str = setting(
        "CRM_INBOUND_API_KEY",
        DEVELOPMENT_INBOUND_KEY,
        "the mail or SMS provider's credential for `POST /api/cases/inbound/…`",
    )
    public_url: str = setting(
        "CRM_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "where customers reach the portal: the one-time login links in mail point here; "
        "outside development it must be set, and `https://`",
        shown="`http://` + `GATEWAY_ADDRESS`",
    )
    default_region: str = setting(
        "CRM_DEFAULT_REGION", "SE", "country for national phone numbers and new customers", upper=True
    )
    pbx_region: str = setting(
        "CRM_PBX_REGION",
        "SE",
        "country the PBX's caller numbers are read in",
        shown="`CRM_DEFAULT_REGION`",
        upper=True,
    )
    token_ttl_seconds: int = setting("CRM_TOKEN_TTL_SECONDS", 8 * 3600, "how long a login lasts", at_least=1)
    login_failures_per_account: int = setting(
        "CRM_LOGIN_FAILURES_PER_ACCOUNT",
        5,
        "failed logins within 15 minutes for one username before `429`",
        at_least=1,
    )
    login_failures_per_address: int = setting(
        "CRM_LOGIN_FAILURES_PER_ADDRESS",
        20,
        "failed logins within 15 minutes from one client address before `429`",
        at_least=1,
    )
    national_id_searches_per_hour: int = setting(
        "CRM_NATIONAL_ID_SEARCHES_PER_HOUR",
        30,
        "customer searches by national id (a `q`, or the `national_id` of a look-alike "
        "check, a new customer or a registration, of 10–12 digits once `-`, `+` and spaces "
        "are gone) one agent may make within an hour before `429` with `Retry-After`; each "
        "is on the audit trail as `national_id_searched`, supervisors' and admins' too (not "
        "limited)",
        at_least=1,
    )
    smtp_url: str | None = setting(
        "CRM_SMTP_URL",
        None,
        "`smtp://user:pass@host:587?starttls=1` or `smtps://…:465`: the mail server",
        shown="unset: mail is written as `.eml` files to `CRM_DATA_DIR/mail/`",
    )
    mail_from: str = setting(
        "CRM_MAIL_FROM", "Customer service <service@crm.invalid>", "the sender of our mail"
    )
    mail_domain: str = setting(
        "CRM_MAIL_DOMAIN", "crm.invalid", "the domain in the Message-ID of mail we send"
    )
    sms_url: str | None = setting(
        "CRM_SMS_URL",
        None,
        'the SMS provider\'s HTTP API (`POST {"to", "text", "reference"}`, bearer key)',
        shown="unset: SMS fail as not configured",
    )
    sms_key: str | None = setting(
        "CRM_SMS_KEY", None, "the bearer key of the SMS provider's API", shown="unset"
    )
    # The order book's rules (services/order/rules.py).
    currency: str = setting(
        "CRM_CURRENCY",
        "SEK",
        "the base currency: credit limits, prepayment limit, exchange rates",
        upper=True,
    )
    prepayment_above: Decimal = setting(
        "CRM_PREPAYMENT_ABOVE", Decimal("10000.00"), "orders above this are paid in advance", at_least=0
    )
    credit_limit: Decimal = setting(
        "CRM_CREDIT_LIMIT",
        Decimal("20000.00"),
        "credit limit of a customer without one of their own",
        at_least=0,
    )
    payment_terms_days: int = setting(
        "CRM_PAYMENT_TERMS_DAYS", 30, "days from invoice to due date", at_least=0
    )
    timezone: str = setting(
        "CRM_TIMEZONE", "Europe/Stockholm", "the business day for due dates, offers and warranties"
    )
    max_offer_percent: Decimal = setting(
        "CRM_MAX_OFFER_PERCENT",
        Decimal("50"),
        "the largest percentage an offer may give (above 0, at most 100); a larger one is a "
        "400 naming `value`",
        above=0,
        at_most=100,
    )
    max_offer_amount: Decimal = setting(
        "CRM_MAX_OFFER_AMOUNT",
        Decimal("1000.00"),
        "the largest amount off an offer may give, in the base currency",
        above=0,
    )
    # The customer register's duplicate matching (services/customer/scoring.py).
    match_duplicate: float = setting(
        "CRM_MATCH_DUPLICATE",
        0.95,
        "a pair of customers scoring at least this is a probable duplicate",
        above=0,
        at_most=1,
    )
    match_review: float = setting(
        "CRM_MATCH_REVIEW",
        0.8,
        "a pair scoring at least this (and at most `CRM_MATCH_DUPLICATE`) is a look-alike for "
        "an agent to review",
        above=0,
        at_most=1,
    )
    selection_timeout_seconds: float = setting(
        "CRM_SELECTION_TIMEOUT_SECONDS",
        10.0,
        "a selection's count, preview or page that runs longer is stopped by the database "
        "(`statement_timeout` on PostgreSQL, a progress handler on SQLite): 503 saying so",
        above=0,
    )
    sla_tick_seconds: float = setting(
        "CRM_SLA_TICK_SECONDS",
        5.0,
        "how often the case service fires due SLA timers and reminders",
        above=0,
    )
    presence_grace_seconds: float = setting(
        "CRM_PRESENCE_GRACE_SECONDS",
        60.0,
        "an agent whose every desk has been closed (or lost its live line) this long is set "
        "offline, and their open cases are handed on by the routing rules",
        above=0,
    )
    imap_url: str | None = setting(
        "CRM_IMAP_URL",
        None,
        "`imap://user:pass@host/INBOX` (or `imaps://`, `?starttls=1`): a mailbox the case service polls",
        shown="unset: no mailbox is polled",
    )
    imap_poll_seconds: float = setting(
        "CRM_IMAP_POLL_SECONDS", 30.0, "how often the case service polls the IMAP mailbox", above=0
    )
    send_tick_seconds: float = setting(
        "CRM_SEND_TICK_SECONDS", 1.0, "how often messaging sends what is queued and moves campaigns", above=0
    )
    send_retry_seconds: float = setting(
        "CRM_SEND_RETRY_SECONDS",
        30.0,
        "the first pause after a failed send (it doubles, 8 tries in all)",
        above=0,
    )
    send_connections: int = setting(
        "CRM_SEND_CONNECTIONS", 2, "SMTP connections (and SMS requests) at once per channel", at_least=1
    )

    def database_url(self, service: str) -> str:
        """The SQLAlchemy URL of `service`'s own database.

        `<SERVICE>_DATABASE_URL` selects e.g. PostgreSQL; otherwise an SQLite file per
        service under the data directory.
        """
        if service in self.database_urls:
            return self.database_urls[service]
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"

    def check(self) -> Settings:
        """Refuse settings that must not run together: a look-alike threshold above the
        duplicate one, an unknown time zone, and outside development a development, empty
        or short secret or integration key, a public URL (CRM_PUBLIC_URL) that is not
        https, or a broker URL (AMQP_URI) that logs in as guest/guest or with one of the
        deploy's development passwords. SettingsError names the setting; a process that
        loads settings (the gateway, every service, the command-line tools) then does not
        start."""
        if self.match_review > self.match_duplicate:
            raise SettingsError("CRM_MATCH_REVIEW must be at most CRM_MATCH_DUPLICATE")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"CRM_TIMEZONE is not a known time zone: {self.timezone!r}") from None
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


# Variables that are not Settings fields: read by the deploy's files or a command-line
# tool before or beside the settings. (variable, default, meaning, where it is read)
OTHER_VARIABLES = (
    ("MAX_WORKERS", "`20`", "entrypoint calls a service runs at once", "deploy/nameko.yaml"),
    (
        "LOG_LEVEL",
        "`WARNING`",
        "at `INFO` the gateway logs each request's path, never its query string; log lines "
        "leave out e-mail addresses, phone numbers, a refused call's message and a failed "
        "statement's values (`crm_common/log_privacy.py`)",
        "deploy/nameko.yaml",
    ),
    (
        "CRM_AMQP_PASSWORD_CUSTOMER`, `_ORDER`, `_CASE`, `_MESSAGING`, `_TELEPHONY`, `_GATEWAY`, `_ADMIN",
        "`development-amqp-…` in deploy/docker-compose.yml",
        "each broker login's password (or the secret file `/run/secrets/amqp_password_<user>`); "
        "the broker stores their hashes",
        "`python -m crm_common.broker_access render`, deploy/docker-compose.yml",
    ),
)


def _amqp_logins(uri: str) -> list[tuple[str, str]]:
    """The (user, password) each of the broker URL's hosts logs in with (kombu takes
    `a;b` as fail-over hosts). A URL without a user or password gets kombu's default,
    guest."""
    logins = []
    for one in uri.split(";"):
        parts = urlsplit(one.strip())
        logins.append((unquote(parts.username or "") or "guest", unquote(parts.password or "") or "guest"))
    return logins


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from `environ` (default: the process's environment), checked.

    Raises SettingsError naming the variable when a value does not parse as its field's
    type or lies outside its range, or when `Settings.check` refuses the whole."""
    env = os.environ if environ is None else environ
    types_of = get_type_hints(Settings)
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name == "database_urls":
            values[f.name] = {
                s: env[f"{s.upper()}_DATABASE_URL"]
                for s in SERVICES
                if given(env, f"{s.upper()}_DATABASE_URL")
            }
            continue
        name = f.metadata["env"]
        if given(env, name):
            values[f.name] = parse(name, env[name].strip(), types_of[f.name], f.metadata)
    if "pbx_region" not in values and "default_region" in values:
        values["pbx_region"] = values["default_region"]
    if "public_url" not in values:
        values["public_url"] = f"http://{values.get('gateway_address', Settings.gateway_address)}"
    values["public_url"] = values["public_url"].rstrip("/")
    return Settings(**values).check()


def markdown_table() -> str:
    """The README's table of every variable: the Settings fields', then the others'."""
    rows = ["| variable | default | meaning | read by |", "|---|---|---|---|"]
    for f in fields(Settings):
        value = f"{f.default:g}" if isinstance(f.default, float) else f.default
        default = f.metadata["shown"] or f"`{value}`"
        read_by = ", ".join(filter(None, ("settings", f.metadata.get("also"))))
        rows.append(f"| `{f.metadata['env']}` | {default} | {f.metadata['doc']} | {read_by} |")
    for name, default, doc, read_by in OTHER_VARIABLES:
        rows.append(f"| `{name}` | {default} | {doc} | {read_by} |")
    return "\n".join(rows) + "\n"


def service_database_url(container_config: Mapping[str, object] | None, service: str) -> str:
    """A nameko container's database URL: its config's DATABASE_URLS wins (tests),
    then the environment."""
    configured = (container_config or {}).get("DATABASE_URLS") or {}
    if isinstance(configured, dict) and configured.get(service):
        return str(configured[service])
    return load_settings().database_url(service)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_common.config")
    parser.add_argument("--markdown", action="store_true", help="print the README's table of the variables")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_table())
        return 0
    try:
        load_settings()
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 1
    print("The settings in this environment are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

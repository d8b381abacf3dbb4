"""Login throttling: failed password logins counted per account and per client address
in the gateway's database (several gateway processes may run), so guessing a password
costs an attacker hours, not seconds. An unknown username counts like a known one: the
answer does not tell them apart.

After PER_ACCOUNT failures for one username, or PER_ADDRESS from one address, within
WINDOW, every login for it is refused with 429 and the seconds until one more is allowed
— a right password too, or the throttle would only slow the search down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from crm_common.config import Settings
from crm_common.errors import CrmError
from gateway.models import LoginFailure

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20
KEPT = timedelta(days=1)  # failures older than this are deleted as new ones come in


@dataclass(frozen=True)
class Limits:
    """Failures allowed within WINDOW (CRM_LOGIN_FAILURES_PER_ACCOUNT, …_PER_ADDRESS)."""

    per_account: int = PER_ACCOUNT
    per_address: int = PER_ADDRESS

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.login_failures_per_account, settings.login_failures_per_address)


DEFAULT_LIMITS = Limits()


class TooManyAttempts(CrmError):
    """Too many failed logins lately: try again after `retry_after` seconds (HTTP 429,
    with a Retry-After header)."""

    code = "too_many_attempts"

    def __init__(self, retry_after: int, over: str = "account"):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"too many failed logins; try again in {minutes} minute{'s' if minutes > 1 else ''}",
            {"password": "too many failed logins"},
        )
        self.retry_after = retry_after
        self.over = over  # the limit that refused: "account", or "address" when only it


def check(
    session: Session, username: str, address: str, now: datetime, limits: Limits = DEFAULT_LIMITS
) -> None:
    """Raise TooManyAttempts when the account or the address is over its limit."""
    account = _wait(session, LoginFailure.username == username, limits.per_account, now)
    waits = [account, _wait(session, LoginFailure.address == address, limits.per_address, now)]
    wait = max(w for w in waits if w is not None) if any(w is not None for w in waits) else None
    if wait is not None:
        raise TooManyAttempts(wait, "account" if account is not None else "address")


def _wait(session: Session, which: ColumnElement[bool], limit: int, now: datetime) -> int | None:
    """Seconds until fewer than `limit` failures lie within WINDOW; None when they do now.
    The limit-th newest failure in the window is the one whose ageing out frees a try."""
    limiting = session.scalar(
        select(LoginFailure.at)
        .where(which, LoginFailure.at > now - WINDOW)
        .order_by(LoginFailure.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if limiting is None:
        return None
    return max(1, math.ceil((limiting + WINDOW - now).total_seconds()))


def failed(session: Session, username: str, address: str, now: datetime) -> None:
    """Count one failure (and forget those too old to matter)."""
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEPT))
    session.add(LoginFailure(username=username[:80], address=address[:64], at=now))
    session.flush()


def succeeded(session: Session, username: str) -> None:
    """A right password clears the account's count (not the address's)."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))

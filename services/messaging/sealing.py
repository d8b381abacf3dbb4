"""Secrets in a message (a portal login link): never stored, shown or logged in clear.

A caller names the values that are secrets (`send_manual(..., secret_values={"link": …})`).
The message is rendered with each replaced by a placeholder ("[login link removed]"), and
that redacted text is what the row, the sent log, the 360° view, GET /api/messages and a
development .eml file hold. The secrets themselves are kept beside it in `sealed`,
encrypted (Fernet: AES with an HMAC) with a key derived from CRM_SECRET_KEY, so a copy of
the database or a backup opens nothing without the key. They are put back into the text
only in memory, at send time, for a transport that delivers to the customer (SMTP, SMS,
a letter), and `sealed` is wiped as soon as the message is sent or has failed for good.

Why keep them encrypted rather than only in memory until sent: sending is at most once
with retries after sure failures (delivery.py). A message that waits for its retry, or
whose process stopped before its batch was claimed, still needs its link, and a second
instance of the service may be the one that sends it. A message interrupted mid-send is
failed and not sent again, as any other, and its secret is wiped; the customer asks for a
new link (a link lives 20 minutes anyway). Changing CRM_SECRET_KEY makes a message still
queued with a secret fail visibly instead of going out without its link.
"""

from __future__ import annotations

import base64
import html
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crm_common.config import load_settings
from services.messaging.models import Message

PLACEHOLDERS = {"link": "[login link removed]"}
_KEY_PURPOSE = b"crm messaging: sealed secrets in queued messages, v1"


class SealBroken(Exception):
    """The sealed secrets cannot be opened (the secret key changed, or the row was altered)."""


def placeholder(name: str) -> str:
    return PLACEHOLDERS.get(name, f"[{name.replace('_', ' ')} removed]")


def redacted(values: dict[str, object], secret_values: dict[str, object]) -> dict[str, object]:
    """`values` with each secret's placeholder under its name, for rendering what is kept."""
    return {**values, **{name: placeholder(name) for name in secret_values}}


def _fernet(secret_key: str | None = None) -> Fernet:
    """A key of its own for this purpose (HKDF), so it opens nothing the secret key signs."""
    key = secret_key if secret_key is not None else load_settings().secret_key
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_PURPOSE).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret_values: dict[str, object], secret_key: str | None = None) -> str | None:
    """The secrets as stored: {placeholder: secret}, encrypted; None when there are none."""
    if not secret_values:
        return None
    plain = json.dumps({placeholder(name): str(value) for name, value in secret_values.items()})
    return _fernet(secret_key).encrypt(plain.encode()).decode()


def opened(message: Message, secret_key: str | None = None) -> Message:
    """The message as the customer gets it: a copy, never attached to a session, with the
    secrets back in subject, body and HTML part (escaped there). The message itself when
    it holds none. Raises SealBroken."""
    if not message.sealed:
        return message
    try:
        secrets = json.loads(_fernet(secret_key).decrypt(message.sealed.encode()))
    except (InvalidToken, ValueError):
        raise SealBroken(
            "its secret (a login link) cannot be opened; the customer can ask for a new one"
        ) from None
    copy = Message(**{c.key: getattr(message, c.key) for c in Message.__table__.columns})
    for mark, secret in secrets.items():
        copy.subject = copy.subject.replace(mark, secret)
        copy.body = copy.body.replace(mark, secret)
        if copy.html_body:
            copy.html_body = copy.html_body.replace(mark, html.escape(secret))
    copy.sealed = None
    return copy

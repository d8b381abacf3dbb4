"""Passwords (argon2id; older scrypt hashes still verify) and bearer tokens (HMAC-signed,
expiring, naming the login session the gateway checks on each request), with no framework
in it.

Roles: agent < supervisor < admin are staff, each allowed what the one before may do;
customer (the portal), pbx (call events), shop (a web shop's orders) and inbound (a mail
or SMS provider's webhook) stand apart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import TypedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crm_common.errors import Forbidden, Unauthorized

ROLES = ("agent", "supervisor", "admin", "customer", "pbx", "shop", "inbound")
STAFF = ("agent", "supervisor", "admin")
MACHINES = ("pbx", "shop", "inbound")  # systems that authenticate with an X-API-Key
RANK = {"agent": 1, "supervisor": 2, "admin": 3}
_N, _R, _P = 2**14, 8, 1  # the scrypt parameters of hashes made before argon2id
# OWASP's password storage cheat sheet: argon2id, 19 MiB, 2 passes, 1 lane (or stronger).
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class Principal:
    username: str
    role: str
    customer_id: int | None = None
    session_id: int | None = field(default=None, compare=False)  # the login a token names

    def require(self, allowed: tuple[str, ...]) -> None:
        """Raise Forbidden unless this role is allowed (a higher staff role inherits)."""
        if self.role in allowed:
            return
        staff_floor = [RANK[r] for r in allowed if r in RANK]
        if self.role in RANK and staff_floor and RANK[self.role] >= min(staff_floor):
            return
        raise Forbidden(f"the {self.role} role may not do this", {"role": self.role})


def hash_password(password: str) -> str:
    """An argon2id hash (CPU- and memory-hard: call it off the event loop)."""
    return HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from (argon2id or the older scrypt)."""
    if stored.startswith("$argon2"):
        try:
            return HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(
        password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=len(_unb64(digest))
    )
    return hmac.compare_digest(actual, _unb64(digest))


def needs_rehash(stored: str) -> bool:
    """A hash made by another scheme or with other parameters than HASHER's now."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def issue_token(principal: Principal, secret: str, ttl_seconds: int, now: float | None = None) -> str:
    body = {
        "sub": principal.username,
        "role": principal.role,
        "cid": principal.customer_id,
        "sid": principal.session_id,
        "exp": int((now or time.time()) + ttl_seconds),
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, secret)}"


class TokenAnswer(TypedDict):
    """TokenOut, as a login answers it."""

    access_token: str
    token_type: str
    expires_in: int
    role: str


def token_answer(principal: Principal, secret: str, ttl_seconds: int) -> TokenAnswer:
    """What a login answers: the bearer token and how long it lasts (TokenOut)."""
    return {
        "access_token": issue_token(principal, secret, ttl_seconds),
        "token_type": "bearer",
        "expires_in": ttl_seconds,
        "role": principal.role,
    }


def read_token(token: str, secret: str, now: float | None = None) -> Principal:
    """The principal a token names; Unauthorized when forged, malformed or expired
    (whatever characters it holds). Whether its login session still stands is checked
    against the database by the caller (gateway/sessions.py)."""
    try:
        payload, signature = token.split(".")
        signed = hmac.compare_digest(signature.encode(), _sign(payload, secret).encode())
    except (ValueError, UnicodeError):
        raise Unauthorized("malformed token", {"authorization": "malformed"}) from None
    if not signed:
        raise Unauthorized("invalid token", {"authorization": "invalid signature"})
    body = json.loads(_unb64(payload))
    if body["exp"] < (now or time.time()):
        raise Unauthorized("the token has expired", {"authorization": "expired"})
    return Principal(body["sub"], body["role"], body.get("cid"), body.get("sid"))


def bearer(header: str | None) -> str:
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized("log in first: Authorization: Bearer <token>", {"authorization": "missing"})
    return header[7:].strip()


def _sign(payload: str, secret: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

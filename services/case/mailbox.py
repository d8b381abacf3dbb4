"""The IMAP poller's mailbox (K1): for a team that keeps its support address at a mail
provider instead of pointing an inbound webhook at us.

`imap://user:password@host:143/Folder` (add `?starttls=1` to upgrade the connection) or
`imaps://…:993/Folder`. Each poll takes the unseen mails oldest first; a mail is marked
seen only after its case has been written, so a crash in between fetches it again, and
the journal's Message-ID keeps it once. A mail that cannot be read as a customer's
message (no sender) is marked seen and flagged, for a person to look at.
"""

from __future__ import annotations

import imaplib
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from crm_common.config import load_settings
from crm_common.errors import InvalidInput

log = logging.getLogger(__name__)
BATCH = 50  # mails per poll: a full mailbox is worked off over several polls


@dataclass(frozen=True)
class MailboxAddress:
    host: str
    port: int
    username: str
    password: str
    folder: str
    tls: bool
    starttls: bool

    @classmethod
    def parse(cls, url: str) -> MailboxAddress:
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
            raise ValueError("an IMAP address looks like imap://user:password@host:143/INBOX")
        tls = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if tls else 143),
            username=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            tls=tls,
            starttls=parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes"),
        )


def poll(
    address: MailboxAddress, receive: Callable[[bytes], object], timeout: float = 30.0
) -> dict[str, int]:
    """Hand each unseen mail to `receive` (raw bytes); returns counts of what happened."""
    done = {"received": 0, "refused": 0, "failed": 0}
    client = _connect(address, timeout)
    try:
        client.login(address.username, address.password)
        status, _ = client.select(_quoted(address.folder))
        if status != "OK":
            raise RuntimeError(f"no folder {address.folder!r} in the mailbox")
        status, found = client.uid("SEARCH", "UNSEEN")  # no charset: imaplib leaves out a None
        uids = [u.decode() for u in found[0].split()[:BATCH]] if status == "OK" and found and found[0] else []
        for uid in uids:
            done[_take(client, uid, receive, address.folder)] += 1
        return done
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def poll_configured(configured: object, receive: Callable[[bytes], object]) -> dict[str, int] | None:
    """`poll` the mailbox at `configured` (the service's IMAP_URL config), else at the
    CRM_IMAP_URL setting; None, polling nothing, when neither is set."""
    url = configured or load_settings().imap_url
    if not url:
        return None
    return poll(MailboxAddress.parse(str(url)), receive)


def _connect(address: MailboxAddress, timeout: float) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    if address.tls:
        return imaplib.IMAP4_SSL(address.host, address.port, ssl_context=context, timeout=timeout)
    client = imaplib.IMAP4(address.host, address.port, timeout=timeout)
    if address.starttls:
        client.starttls(ssl_context=context)
    return client


def _take(client: imaplib.IMAP4, uid: str, receive: Callable[[bytes], object], folder: str) -> str:
    """Fetch one mail and hand it on: "received" (marked seen), "refused" (bad input:
    seen and flagged, not tried again) or "failed" (left unseen for the next poll)."""
    status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((p[1] for p in parts if isinstance(p, tuple)), None) if status == "OK" else None
    if raw is None:
        return "failed"
    try:
        receive(raw)
    except InvalidInput as err:
        # the fields, not the message: it may quote the sender or the subject
        log.warning("mail %s in %s refused: %s", uid, folder, sorted(err.fields))
        client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
        return "refused"
    except Exception:  # noqa: BLE001 - left unseen: the next poll tries again
        log.exception("mail %s in %s could not be taken in", uid, folder)
        return "failed"
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    return "received"


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'

"""How messages leave (M6): e-mail over SMTP (STARTTLS or TLS, login if configured),
SMS through a provider's HTTP API, or — with no mail server configured, as in a demo —
e-mail written as .eml files under the data directory.

Every transport raises TemporaryFailure when trying again may work and PermanentFailure
when it will not; delivery.py turns those into a retry or a visible failure.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import traceback
from dataclasses import dataclass
from datetime import date
from email.charset import QP, Charset
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import eventlet
import requests

from crm_common.config import Settings
from services.messaging import letters, sealing
from services.messaging.models import Message
from services.messaging.outgoing import one_line

log = logging.getLogger(__name__)
HUMAN_TEMPLATES = {"case_reply", "case_reply_sms"}  # written by a person: no Auto-Submitted


class Transport(Protocol):
    """What sends a message: (a reference from the far end, the mail's Message-ID or
    None), or TemporaryFailure / PermanentFailure. `delivers`: to the customer, so it
    gets the message's sealed secrets."""

    delivers: bool

    def send(self, message: Message) -> tuple[str, str | None]: ...

    def close(self) -> None: ...


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


@dataclass(frozen=True)
class SmtpAddress:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool
    starttls: bool

    @classmethod
    def parse(cls, url: str) -> SmtpAddress:
        """smtp://host:25, smtp://user:pass@host:587?starttls=1, smtps://user:pass@host:465"""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("an SMTP address looks like smtp://user:password@host:587?starttls=1")
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=tls,
            starttls=parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes"),
        )


_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in the raw mail, and safe for any line length


def mail_of(message: Message, sender: str, domain: str) -> MIMEBase:
    """The mail as it goes out: our Message-ID (a case reply keeps the one that threads it
    back), In-Reply-To and References for threading, Auto-Submitted on automatic mail.
    Built with the email package's compatible API: several times faster than EmailMessage
    for the same bytes on the wire."""
    # typeshed's MIMEText takes a charset's name only; Python takes a Charset too (3.5)
    mail: MIMEBase = MIMEText(message.body, "plain", _UTF8)  # type: ignore[arg-type]
    if message.html_body:
        text = mail
        mail = MIMEMultipart("alternative")
        mail.attach(text)
        mail.attach(MIMEText(message.html_body, "html", _UTF8))  # type: ignore[arg-type]  # as above
    name, address = parseaddr(sender)
    mail["From"] = formataddr((name, address), "utf-8")
    if _breaks_lines(message.recipient):
        raise PermanentFailure("the recipient's address holds a line break")
    mail["To"] = recipient_of(message)
    subject = one_line(message.subject)
    # typeshed types a header's value as str; the compat32 policy also folds a Header
    mail["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")  # type: ignore[assignment]
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = one_line(message.message_id or "") or make_msgid(
        idstring=f"msg{message.id}", domain=domain
    )
    if message.in_reply_to:
        mail["In-Reply-To"] = mail["References"] = one_line(message.in_reply_to)
    if message.template not in HUMAN_TEMPLATES:
        mail["Auto-Submitted"] = "auto-generated"
    return mail


def _breaks_lines(value: str | None) -> bool:
    return value is not None and one_line(value) != value


def recipient_of(message: Message) -> str:
    """Where the message goes: a queued message always has a recipient (outgoing.py
    queues none without one, and an erased one is no longer queued)."""
    if message.recipient is None:
        raise PermanentFailure("the message has no recipient")
    return message.recipient


def _text(reply: bytes | str) -> str:
    """A mail server's reply as text (smtplib gives bytes)."""
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


class SmtpTransport:
    """One connection for a batch of mails, opened on the first and closed at the end."""

    delivers = True  # to the customer: gets the message's sealed secrets (sealing.py)

    def __init__(self, address: SmtpAddress, sender: str, domain: str, timeout: float = 30.0) -> None:
        self.address, self.sender, self.domain, self.timeout = address, sender, domain, timeout
        self.client: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        a = self.address
        client: smtplib.SMTP
        try:
            if a.tls:
                client = smtplib.SMTP_SSL(
                    a.host, a.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(a.host, a.port, timeout=self.timeout)
                if a.starttls:
                    client.starttls(context=ssl.create_default_context())
            if a.username:
                client.login(a.username, a.password or "")
            return client
        except (OSError, smtplib.SMTPException) as err:
            raise TemporaryFailure(f"mail server {a.host}:{a.port}: {err}") from None

    def send(self, message: Message) -> tuple[str, str]:
        """Returns (provider reference, Message-ID)."""
        mail = mail_of(message, self.sender, self.domain)
        if self.client is None:
            self.client = self._connect()
        try:
            refused = self.client.sendmail(
                parseaddr(self.sender)[1], [recipient_of(message)], mail.as_bytes()
            )
        except smtplib.SMTPRecipientsRefused as err:
            code, text = next(iter(err.recipients.values()))
            kind = PermanentFailure if code >= 500 else TemporaryFailure
            raise kind(f"{code} {text.decode(errors='replace')}") from None
        except smtplib.SMTPResponseException as err:
            if err.smtp_code >= 500:
                raise PermanentFailure(f"{err.smtp_code} {_text(err.smtp_error)}") from None
            self.close()
            raise TemporaryFailure(f"{err.smtp_code} {_text(err.smtp_error)}") from None
        except (OSError, smtplib.SMTPException) as err:
            self.close()
            raise TemporaryFailure(f"mail server: {err}") from None
        if refused:
            raise PermanentFailure(f"refused: {refused}")
        return f"smtp:{self.address.host}", mail["Message-ID"]

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.client = None


class FileTransport:
    """No mail server configured: each mail is written as it would have been sent, but
    for its secrets (a login link), which stay placeholders: the folder is a copy for
    development that anyone with the server's disk can read, not a customer's inbox."""

    delivers = False

    def __init__(self, folder: Path, sender: str, domain: str) -> None:
        self.folder, self.sender, self.domain = folder, sender, domain

    def send(self, message: Message) -> tuple[str, str]:
        mail = mail_of(message, self.sender, self.domain)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.id:08d}.eml"
        path.write_bytes(mail.as_bytes())
        return f"file:{path}", mail["Message-ID"]

    def close(self) -> None:
        pass


class LetterTransport:
    """Letters become PDF files in a folder for printing and posting (or a print
    service that collects them)."""

    delivers = True

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder, self.sender = folder, sender

    def send(self, message: Message) -> tuple[str, None]:
        pdf = letters.pdf_of(
            parseaddr(self.sender)[0] or self.sender,
            recipient_of(message),
            message.subject,
            message.body,
            date.today(),
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.id:08d}.pdf"
        path.write_bytes(pdf)
        return f"letter:{path}", None

    def close(self) -> None:
        pass


class SmsTransport:
    """A provider's HTTP API: POST {"to", "text", "reference"} with a bearer key; the
    answer's `id` is the provider's reference."""

    delivers = True

    def __init__(self, url: str, key: str | None, timeout: float = 15.0) -> None:
        self.url, self.key, self.timeout = url, key, timeout
        self.http = requests.Session()

    def send(self, message: Message) -> tuple[str, None]:
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        body = {"to": message.recipient, "text": message.body, "reference": f"msg-{message.id}"}
        try:
            r = self.http.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as err:
            raise TemporaryFailure(f"SMS provider: {err}") from None
        if r.status_code >= 500 or r.status_code == 429:
            raise TemporaryFailure(f"SMS provider answered {r.status_code}")
        if r.status_code >= 400:
            raise PermanentFailure(f"SMS provider refused it: {r.status_code} {r.text[:200]}")
        try:
            ref = str(r.json().get("id", ""))
        except ValueError:
            ref = ""
        return f"sms:{ref}", None

    def close(self) -> None:
        self.http.close()


def for_channel(
    channel: str, settings: Settings
) -> SmtpTransport | FileTransport | LetterTransport | SmsTransport | None:
    """The way out for `channel` as configured: e-mail over SMTP (CRM_SMTP_URL), else to
    .eml files under the data directory; letters as PDF files; SMS through the provider
    (CRM_SMS_URL). None when nothing is configured for it (the message then fails)."""
    if channel == "email":
        if settings.smtp_url:
            return SmtpTransport(
                SmtpAddress.parse(settings.smtp_url), settings.mail_from, settings.mail_domain
            )
        return FileTransport(settings.data_dir / "mail", settings.mail_from, settings.mail_domain)
    if channel == "letter":
        return LetterTransport(settings.data_dir / "letters", settings.mail_from)
    if channel == "sms" and settings.sms_url:
        return SmsTransport(settings.sms_url, settings.sms_key)
    return None


def send_batch(batch: list[Message], settings: Settings) -> list[tuple[Message, str, object]]:
    """Send a claimed batch, each channel's share over up to `settings.send_connections`
    connections at once (green threads), each with a transport of its own: send_each's
    outcomes, for the whole batch."""
    shares = parts(batch, settings.send_connections)
    pool = eventlet.GreenPool(len(shares))
    sent = pool.imap(lambda share: send_each(share, for_channel(share[0].channel, settings)), shares)
    return [outcome for done in sent for outcome in done]


def parts(batch: list[Message], connections: int) -> list[list[Message]]:
    """The batch split by channel, and each channel's share over up to `connections`
    connections sent at once."""
    by_channel: dict[str, list[Message]] = {}
    for message in batch:
        by_channel.setdefault(message.channel, []).append(message)
    return [
        share
        for messages in by_channel.values()
        for share in (messages[i::connections] for i in range(min(connections, len(messages))))
    ]


def failure_kind(err: BaseException) -> str:
    """How a send failure is logged: its type and the server's code, never its text. A
    mail server's reply quotes the recipient (`550 5.1.1 <kund@example.se>: no such
    user`), and so does smtplib's exception; the whole reason is kept on the message row,
    which staff see in the messages list."""
    code = getattr(err, "smtp_code", None)
    if code is None and isinstance(err, smtplib.SMTPRecipientsRefused):
        code = ",".join(sorted({str(c) for c, _ in err.recipients.values()}))
    return f"{type(err).__name__} {code}" if code else type(err).__name__


def send_each(messages: list[Message], transport: Transport | None) -> list[tuple[Message, str, object]]:
    """Send the messages over one transport: (message, "sent" | "retry" | "failed", the
    reference and Message-ID, or the reason) for each. A message that cannot be made into
    a mail or a request at all (whatever the error) fails alone: the others still go.
    Secrets are put back (sealing.opened) only for a transport that delivers."""
    if transport is None:
        return [(m, "failed", f"no way to send {m.channel} is configured") for m in messages]
    outcomes: list[tuple[Message, str, object]] = []
    try:
        for message in messages:
            try:
                out = sealing.opened(message) if transport.delivers else message
                outcomes.append((message, "sent", transport.send(out)))
            except TemporaryFailure as err:
                outcomes.append((message, "retry", str(err)))
            except (PermanentFailure, sealing.SealBroken) as err:
                outcomes.append((message, "failed", str(err)))
            except Exception as err:  # noqa: BLE001 - one broken message must not stop the batch
                log.error("message %s could not be sent: %s", message.id, failure_kind(err))
                log.debug("where: %s", "".join(traceback.format_tb(err.__traceback__)))
                transport.close()  # a connection left mid-command is not reused
                outcomes.append((message, "failed", f"could not be sent: {type(err).__name__}: {err}"))
    finally:
        transport.close()
    return outcomes

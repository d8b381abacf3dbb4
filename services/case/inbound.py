"""What arrives from a customer on any channel, read into one shape (K1).

A raw RFC 822 mail (from a provider's inbound webhook or the IMAP poller) and a message
posted by an SMS, chat or web-form gateway become the same `Inbound`, so threading and
journaling do not care where it came from.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.headerregistry import Address, AddressHeader
from email.message import EmailMessage, MIMEPart
from typing import Any

from crm_common.errors import InvalidInput
from services.case.html_text import html_to_text

MAX_MAIL_BYTES = 25 * 1024 * 1024
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass
class Inbound:
    channel: str
    sender_address: str
    sender_name: str
    subject: str
    text: str
    message_id: str
    references: list[str] = field(default_factory=list)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    automatic: bool = False  # an auto-reply or a bulk mail: journaled, never answered


def read_mail(raw: bytes) -> Inbound:
    """Parse one mail. Raises InvalidInput when it has no usable sender or is too big."""
    if not raw.strip():
        raise InvalidInput("the body must be a raw RFC 822 mail", {"_body": "missing"})
    if len(raw) > MAX_MAIL_BYTES:
        raise InvalidInput("the mail is too large", {"_body": f"over {MAX_MAIL_BYTES} bytes"})
    # A NUL is no character of any mail (RFC 5322) and no database text holds one; a broken
    # mailer's are dropped rather than the customer's message refused. Binary attachments
    # travel encoded, so their bytes are untouched.
    message: EmailMessage = email.message_from_bytes(raw.replace(b"\x00", b""), policy=email.policy.default)
    sender = _sender(message)
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        content = _content(body)
        content = content.replace("\x00", "")  # one sent encoded (=00 in quoted-printable)
        text = html_to_text(content) if body.get_content_type() == "text/html" else content.strip()
    references = _MESSAGE_ID.findall(f"{message.get('In-Reply-To', '')} {message.get('References', '')}")
    message_id = _first_id(str(message.get("Message-ID", "")))
    return Inbound(
        channel="email",
        sender_address=sender.addr_spec.lower(),
        sender_name=_one_line(sender.display_name or sender.username),  # a display name may be encoded
        subject=_one_line(str(message.get("Subject", ""))) or "(no subject)",
        text=text,
        # a mail without a Message-ID gets one from its bytes: a retried delivery matches
        message_id=message_id or f"<{hashlib.sha256(raw).hexdigest()}@inbound.invalid>",
        references=list(dict.fromkeys(reversed(references))),  # nearest first, once each
        attachments=[_attachment(part) for part in message.iter_attachments()],
        automatic=_automatic(message),
    )


def _sender(message: EmailMessage) -> Address:
    for header in ("From", "Reply-To"):  # Reply-To only when From is unusable
        try:
            value: AddressHeader | None = message.get(header)  # the default policy's header class
            addresses = value.addresses if value is not None else ()
        except (IndexError, ValueError, AttributeError):
            addresses = ()
        for address in addresses:
            if address.addr_spec and "@" in address.addr_spec:
                return address
    raise InvalidInput("the mail has no sender address", {"From": "missing or not an address"})


def _content(part: MIMEPart) -> str:
    """The text of a part. Mail that declares no charset often carries 8-bit UTF-8 (or
    Windows-1252) anyway; it is read as such rather than with question marks."""
    if part.get_content_charset() is None:
        raw = _decoded(part) or b""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", "replace")
    try:
        content: str = part.get_content()  # a text part's content is its text
    except (LookupError, UnicodeDecodeError):  # an unknown or lying charset
        return (_decoded(part) or b"").decode("utf-8", "replace")
    return content


def _decoded(part: MIMEPart) -> bytes | None:
    """The part's bytes with their transfer encoding undone; None for a part made of
    parts (an attached mail among them), which `get_payload(decode=True)` answers so."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else None


def _attachment(part: MIMEPart) -> tuple[str, str, bytes]:
    payload = _decoded(part)
    if payload is None:  # an attached mail (message/rfc822): keep it as it was
        payload = part.as_bytes()
    name = part.get_filename() or f"attachment.{part.get_content_subtype()}"
    return (_one_line(name)[:255], part.get_content_type(), payload)


def _automatic(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).lower()
    precedence = str(message.get("Precedence", "")).lower()
    return auto != "no" or precedence in ("bulk", "junk", "list", "auto_reply") or "X-Autoreply" in message


def _first_id(value: str) -> str | None:
    found = _MESSAGE_ID.search(value)
    return found.group(0)[:250] if found else None


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\x00", "")).strip()


def read_message(data: dict[str, Any]) -> Inbound:
    """A message from an SMS, chat or web-form gateway (InboundMessageIn, validated)."""
    text = data["text"]
    provider_id = (
        data.get("message_id")
        or hashlib.sha256(
            f"{data['channel']}|{data['sender']}|{data.get('sent_at', '')}|{text}".encode()
        ).hexdigest()
    )
    return Inbound(
        channel=data["channel"],
        sender_address=data["sender"],
        sender_name=data.get("sender_name") or data["sender"],
        subject=data.get("subject") or _one_line(text)[:80] or "(no subject)",
        text=text,
        message_id=f"<{data['channel']}.{provider_id}@inbound.invalid>"[:250],
    )

"""What messaging holds on a person: the messages sent to them and their opt-outs,
exported (GDPR art. 15) and erased (art. 17).

An erased message keeps when it went, on which channel, from which template and with
what outcome (the log of what went out, and campaign statistics); it loses the
recipient, the subject, the body and any provider text that may quote the address, and
the copy a transport left on this server's disk (a letter's PDF, a mail's .eml file). A
message still waiting to go is not sent: it fails as erased. Opt-outs stay: they hold
no more than the customer id, and they are the person's own wish.

Messages to the person while no customer id named them (a case's confirmation and
replies to an unknown sender) are found by the e-mails and phones `customer_erased`
carries in its `until_published` part, and erased the same way (`erase_sent_to`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import phonenumbers
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.messaging import MessageOut, OptOutOut
from crm_common.dml import rows_changed
from crm_common.erasure import forget_published_events
from crm_common.history import repoint
from crm_common.outbox import UNTIL_PUBLISHED
from crm_common.phones import NotAPhoneNumber, to_e164
from services.messaging import settings_admin
from services.messaging.models import Message, OutboxMessage

NOT_SENT = "the recipient's data was erased"
log = logging.getLogger(__name__)


def export(session: Session, ids: list[int]) -> dict[str, Any]:
    """The messages to the customer's ids (oldest first) and their opt-outs."""
    messages = session.scalars(select(Message).where(Message.customer_id.in_(ids)).order_by(Message.id))
    return {
        "messages": dump(MessageOut, messages, many=True),
        "opt_outs": [dump(OptOutOut, o) for cid in ids for o in settings_admin.opt_outs(session, cid)],
    }


def erase(session: Session, ids: list[int]) -> int:
    """Blank the customer's messages; those still queued fail unsent. The messages changed."""
    changed = _blank(session, Message.customer_id.in_(ids))
    forget_published_events(session, OutboxMessage, ids)
    return changed


def move_to_survivor(session: Session, merged_id: int, survivor_id: int) -> None:
    """After a merge (C7, `customer_merged`) the merged customer's messages and opt-outs
    belong to the survivor."""
    repoint(session, Message, merged_id, survivor_id)
    settings_admin.move_opt_outs(session, merged_id, survivor_id)


def erase_person(session: Session, data: dict[str, Any]) -> None:
    """Erase what messaging holds on the person `customer_erased` names (its `data`):
    the messages to their customer ids, and those sent to their addresses while no
    customer id named them."""
    erase(session, data["customer_ids"])
    erase_sent_to(session, data)


def erase_sent_to(session: Session, data: dict[str, Any]) -> int:
    """Blank the messages with no customer id sent to one of the person's e-mails (lower
    case) or phones (E.164), from the `customer_erased` event's `data`; a number written
    in national form is read as each of the person's numbers' country. The messages
    changed."""
    emails, phones = _addresses(data)
    if not (emails or phones):
        return 0
    recipients = _recipients_of(session, emails, phones)
    if not recipients:
        return 0
    ids = list(session.scalars(select(Message.id).where(_UNNAMED, Message.recipient.in_(recipients))))
    return _blank(session, Message.id.in_(ids))


# A message no customer id names, with a recipient left to erase.
_UNNAMED = Message.customer_id.is_(None) & Message.recipient.is_not(None)


def _addresses(data: dict[str, Any]) -> tuple[list[str], set[str]]:
    """The person's e-mails (lower case, sorted) and phones (E.164) the event carries in
    its `until_published` part."""
    held = data.get(UNTIL_PUBLISHED) or {}
    emails = sorted({e.strip().lower() for e in held.get("emails") or [] if e})
    phones = {p for p in held.get("phones") or [] if p}
    return emails, phones


def _regions(phones: set[str]) -> set[str]:
    """The countries of the person's numbers ("ZZ": a number of no country); a number
    that does not parse adds none."""
    regions = set()
    for number in phones:
        try:
            regions.add(phonenumbers.region_code_for_number(phonenumbers.parse(number)) or "ZZ")
        except phonenumbers.NumberParseException:
            continue
    return regions


def _recipients_of(session: Session, emails: list[str], phones: set[str]) -> list[str]:
    """The recipients of unnamed messages that are one of the person's e-mails or phones:
    candidates found in SQL (the e-mails, or any SMS), each then read as an address."""
    regions = _regions(phones)
    candidates: list[ColumnElement[bool]] = [func.lower(Message.recipient).in_(emails)] if emails else []
    if phones:
        candidates.append(Message.channel == "sms")
    found = session.scalars(select(Message.recipient).where(_UNNAMED, or_(*candidates)).distinct())
    # None: excluded in SQL
    return [r for r in found if r is not None and _is_theirs(r, emails, phones, regions)]


def _is_theirs(recipient: str, emails: list[str], phones: set[str], regions: set[str]) -> bool:
    """The recipient is one of the e-mails, or, read in one of the regions, one of the phones."""
    if recipient.strip().lower() in emails:
        return True
    return any(_as_e164(recipient, region) in phones for region in regions)


def _as_e164(recipient: str, region: str) -> str | None:
    """The recipient as an E.164 number read in `region`; None if it is not a number."""
    try:
        return to_e164(recipient, region)
    except NotAPhoneNumber:
        return None


def _blank(session: Session, mine: ColumnElement[bool]) -> int:
    for ref in session.scalars(select(Message.provider_ref).where(mine, Message.provider_ref.is_not(None))):
        _remove_copy(ref)
    changed = rows_changed(
        session,
        update(Message)
        .where(mine)
        .values(recipient=None, subject="", body="", html_body=None, sealed=None, failure=None)
        .execution_options(synchronize_session=False),
    )
    session.execute(
        update(Message)
        .where(mine, Message.status == "queued")
        .values(status="failed", failure=NOT_SENT, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return changed


# Transports that keep a copy of what went out on this server's disk (transports.py): a
# letter's PDF waiting for the printer (name, address, text) and, with no mail server
# configured, the mail as an .eml file. Their `provider_ref` is the kind and the path.
COPIES_ON_DISK = ("letter", "file")


def _remove_copy(ref: str | None) -> None:
    """Delete the copy a message's `provider_ref` names, if it is one on disk and still
    there: the person's name, address and text go with the message's."""
    kind, _, path = (ref or "").partition(":")
    if kind not in COPIES_ON_DISK or not path:
        return
    try:
        Path(path).unlink(missing_ok=True)
    except OSError as err:  # the row is blanked all the same; the path is no one's data
        log.warning("could not delete an erased message's copy %s: %s", path, err.strerror)

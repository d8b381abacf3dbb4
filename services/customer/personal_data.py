"""What the register holds on a person: exported (GDPR art. 15) and erased (art. 17).

The export is everything kept under the customer's id and under the ids merged into it:
the record with its address history, phones and e-mails, notes, log entries, contact
person ties, merges, review items, saved selections the customer falls in, and the
selections' read model (purchases, mailings, predictions).

Erasure blanks the person and keeps the bookkeeping: the id, kind, country, tier, credit
terms and dates stay, so orders and invoices elsewhere still add up. Phones, e-mails and
addresses (with their history) go, names become "Erased", notes and log texts are
replaced, contact-person ties are removed, and the matching keys and profile go so the
person never matches a new record again. The record is then marked erased and refuses
every later change or merge (`register.ensure_not_erased`). The events already
published about the person lose their data (crm_common/erasure.py), here as in every
service. The caller records the `customer_erased` event in the same transaction: every
other service erases its own part.

What the person sent before the register knew them has no customer id: a registration
waiting in (or refused from) the review queue, a case opened from their address. So the
erasure also blanks the review items whose registration carries one of the person's
e-mails or phones, and the event carries them (`contacts`, read before the blanking) for
the case service to find their cases; only in the event's `until_published` part, which
the outbox does not keep once the event is out (crm_common/outbox.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from crm_common import outbox
from crm_common.contracts import dump
from crm_common.contracts.customer.customers import CustomerOut
from crm_common.contracts.customer.duplicates import MergeOut
from crm_common.contracts.customer.log import LogEntryOut, NoteOut
from crm_common.contracts.customer.predictions import PredictionOut
from crm_common.contracts.customer.review import ReviewItemOut
from crm_common.erasure import forget_published_events
from crm_common.errors import InvalidInput
from crm_common.phones import NotAPhoneNumber, to_e164
from services.customer import blocking, merging, selections
from services.customer.models import (
    Customer,
    DuplicateGroupMember,
    DuplicatePair,
    Email,
    Employment,
    LogEntry,
    Mailing,
    Merge,
    Note,
    OutboxMessage,
    Phone,
    Prediction,
    Purchase,
    ReviewItem,
    Selection,
)
from services.customer.views import customer_view

ERASED_NAME = "Erased"
ERASED_TEXT = "[erased]"
# Left as they are: what bookkeeping and statistics need, and nothing a person is found by.
KEPT = ("kind", "country", "tier", "payment_terms_days", "discount_percent", "credit_limit", "currency")
BLANKED = (
    "given_name",
    "family_name",
    "national_id",
    "org_number",
    "birthday",
    "name_day",
    "job_title",
    "industry",
    "satisfaction",
    "language",
    "parent_id",
)


def ids_of(session: Session, customer: Customer) -> list[int]:
    """The customer's id and every id merged into it (directly or through others)."""
    found, todo = [customer.id], [customer.id]
    while todo:
        merged = list(session.scalars(select(Customer.id).where(Customer.merged_into_id.in_(todo))))
        found += merged
        todo = merged
    return found


def export(session: Session, customer_id: int, region: str, now: datetime) -> dict[str, Any]:
    """Everything the register holds on the customer (a merged-away id gives the one it
    became). Raises NotFound."""
    customer = merging.resolve(session, customer_id)
    ids = ids_of(session, customer)
    return {
        "customer": customer_view(session, customer),
        **_register_records(session, ids),
        "selections": _selections_of(session, customer, region, now),
        "newsletter": customer.newsletter,
        **_read_model_records(session, ids),
    }


def _register_records(session: Session, ids: list[int]) -> dict[str, Any]:
    """What the register keeps on the customer (`ids[0]`) and the records merged into it."""
    return {
        "merged_records": dump(
            CustomerOut,
            session.scalars(select(Customer).where(Customer.id.in_(ids[1:])).order_by(Customer.id)),
            many=True,
        ),
        "notes": dump(NoteOut, _rows(session, Note, ids), many=True),
        "log_entries": dump(LogEntryOut, _rows(session, LogEntry, ids), many=True),
        "merges": dump(
            MergeOut,
            session.scalars(
                select(Merge)
                .where(or_(Merge.survivor_id.in_(ids), Merge.merged_id.in_(ids)))
                .order_by(Merge.id)
            ),
            many=True,
        ),
        "review_items": dump(
            ReviewItemOut,
            session.scalars(
                select(ReviewItem).where(ReviewItem.customer_id.in_(ids)).order_by(ReviewItem.id)
            ),
            many=True,
        ),
    }


def _selections_of(session: Session, customer: Customer, region: str, now: datetime) -> list[dict[str, Any]]:
    """The saved selections the customer is in now: [{"id", "name"}]."""
    found = []
    for saved in session.scalars(select(Selection).order_by(Selection.id)):
        query = selections.matching(saved.criteria, region, now).where(Customer.id == customer.id)
        if session.scalar(query) is not None:
            found.append({"id": saved.id, "name": saved.name})
    return found


def _read_model_records(session: Session, ids: list[int]) -> dict[str, Any]:
    """What the selections' read model and the predictions hold on the customer's ids."""
    return {
        "purchases": [
            {
                "order_id": p.order_id,
                "sku": p.sku,
                "product_group": p.product_group,
                "ordered_at": _iso(p.ordered_at),
            }
            for p in _rows(session, Purchase, ids)
        ],
        "mailings": [
            {
                "message_id": m.message_id,
                "template": m.template,
                "channel": m.channel,
                "sent_at": _iso(m.sent_at),
            }
            for m in _rows(session, Mailing, ids)
        ],
        "predictions": dump(PredictionOut, _rows(session, Prediction, ids), many=True),
    }


def contacts(session: Session, customer_id: int) -> dict[str, list[str]]:
    """The e-mail addresses (lower case) and phone numbers (E.164) the person and the
    records merged into them hold: {"emails", "phones"}, what `customer_erased` carries
    for finding what they sent as an unknown sender. Read it before `erase` blanks them.
    Raises NotFound."""
    ids = ids_of(session, merging.resolve(session, customer_id))
    return {
        "emails": sorted(set(session.scalars(select(Email.normalised).where(Email.customer_id.in_(ids))))),
        "phones": sorted(set(session.scalars(select(Phone.e164).where(Phone.customer_id.in_(ids))))),
    }


def erase(session: Session, customer_id: int, now: datetime) -> tuple[Customer, list[int], bool]:
    """Erase the person a customer id stands for (following merges), and every record
    merged into it. Returns (the customer, all its ids, whether it was erased just now:
    False when it had been before — erasing twice changes nothing). Raises NotFound,
    InvalidInput for an organisation (it is no person; its contact persons are erased
    one by one)."""
    customer = merging.resolve(session, customer_id)
    ids = ids_of(session, customer)
    if customer.erased_at is not None:
        return customer, ids, False
    if customer.kind != "person":
        raise InvalidInput(
            "only a person's data is erased; erase the organisation's contact persons",
            {"customer_id": "an organisation"},
        )
    _erase_registrations_from(session, contacts(session, customer.id), ids, now)
    for record in session.scalars(select(Customer).where(Customer.id.in_(ids))):
        _blank(record, now)
    session.execute(update(Note).where(Note.customer_id.in_(ids)).values(text=ERASED_TEXT))
    session.execute(update(LogEntry).where(LogEntry.customer_id.in_(ids)).values(text=ERASED_TEXT))
    session.execute(
        delete(Employment).where(or_(Employment.person_id.in_(ids), Employment.organisation_id.in_(ids)))
    )
    session.execute(update(Merge).where(Merge.merged_id.in_(ids)).values(snapshot={"erased": True}))
    session.execute(
        update(ReviewItem)
        .where(ReviewItem.customer_id.in_(ids))
        .values(data={"erased": True}, matches=[], warnings=[], note=None)
    )
    session.execute(delete(Prediction).where(Prediction.customer_id.in_(ids)))
    session.execute(
        delete(DuplicatePair).where(or_(DuplicatePair.first_id.in_(ids), DuplicatePair.second_id.in_(ids)))
    )
    session.execute(delete(DuplicateGroupMember).where(DuplicateGroupMember.customer_id.in_(ids)))
    session.flush()
    blocking.store_many(session, {}, forgotten=ids)
    forget_published_events(session, OutboxMessage, ids)
    return customer, ids, True


def _erase_registrations_from(
    session: Session, held: dict[str, list[str]], ids: list[int], now: datetime
) -> None:
    """The person in other review items than their own records': a registration with no
    customer (an unknown sender's, waiting or refused) whose data carries one of their
    e-mails or phones (`held`, as `contacts` gives) is blanked, and refused by the
    erasure if it still waits (nothing is left to decide on); in any other item, the
    person's records go from the look-alikes it names."""
    emails, phones = set(held["emails"]), set(held["phones"])
    others = select(ReviewItem).where(
        or_(ReviewItem.customer_id.is_(None), ReviewItem.customer_id.not_in(ids))
    )
    for item in session.scalars(others):
        if item.customer_id is None and _carries(item.data or {}, emails, phones):
            item.data, item.matches, item.warnings, item.note = {"erased": True}, [], [], None
            if item.status == "pending":
                item.status, item.decided_by, item.decided_at = "rejected", "erasure", now
            continue
        kept = [m for m in item.matches or [] if ((m or {}).get("customer") or {}).get("id") not in ids]
        if len(kept) != len(item.matches or []):
            item.matches = kept


def _carries(data: dict[str, Any], emails: set[str], phones: set[str]) -> bool:
    """Whether a registration's data (as submitted: not yet normalised) names one of the
    e-mails (lower case) or phones (E.164), a national number read as the registration's
    country or the phone's own."""
    for email in data.get("emails") or []:
        if isinstance(email, dict) and str(email.get("address") or "").strip().lower() in emails:
            return True
    regions = {str(data.get("country") or "").upper(), *(_region(p) for p in phones)} - {""}
    for phone in data.get("phones") or []:
        raw = str(phone.get("number") or "") if isinstance(phone, dict) else ""
        for region in regions:
            try:
                if to_e164(raw, region) in phones:
                    return True
            except NotAPhoneNumber:
                continue
    return False


def _region(e164: str) -> str:
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or ""
    except phonenumbers.NumberParseException:
        return ""


def _blank(customer: Customer, now: datetime) -> None:
    for field in BLANKED:
        setattr(customer, field, None)
    customer.name = ERASED_NAME
    customer.categories = []
    customer.newsletter = False
    customer.marketing_consent = False  # and no campaign finds them (campaign_recipients.py)
    customer.phones.clear()
    customer.emails.clear()
    customer.addresses.clear()
    customer.erased_at = now
    customer.updated_at = now


def _rows(session: Session, model: type[Any], ids: list[int]) -> list[Any]:
    return list(session.scalars(select(model).where(model.customer_id.in_(ids)).order_by(model.customer_id)))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def erase_customer(
    session: Session, customer_id: int, erased_by: str, reason: str, now: datetime
) -> dict[str, Any]:
    """erase, announced as `customer_erased` when it happened just now: {"customer_id",
    "customer_ids", "erased_at", "already_erased"}."""
    held = contacts(session, customer_id)  # for the event: read before the erasure
    customer, ids, erased_now = erase(session, customer_id, now)
    assert customer.erased_at is not None  # erase set it, now or before
    out = {"customer_id": customer.id, "customer_ids": ids, "erased_at": customer.erased_at.isoformat()}
    if erased_now:
        outbox.record(
            session, OutboxMessage, "customer_erased", customer_erased(out, erased_by, reason, held)
        )
    return {**out, "already_erased": not erased_now}


def customer_erased(
    erased: dict[str, Any], erased_by: str, reason: str, held: dict[str, list[str]]
) -> dict[str, Any]:
    """The `customer_erased` event: whose data went, by whom and why, and (until the event
    is published, never in the kept copy) the addresses and numbers they held."""
    return {**erased, "erased_by": erased_by, "reason": reason, outbox.UNTIL_PUBLISHED: held}

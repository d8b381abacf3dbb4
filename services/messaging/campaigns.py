"""Campaigns (M4): a template sent to the customers a saved selection finds, a page at a
time at the campaign's pace, resumable after a crash without sending anyone twice; and
how they answered — delivered, bounced, replied, ordered within the window."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crm_common.contracts import dump
from crm_common.contracts.messaging import CampaignOut
from crm_common.dml import rows_changed
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.idempotency import claim
from services.messaging import outgoing, templates
from services.messaging.contacts import Contacts
from services.messaging.models import Campaign, CampaignResponse, Message, ProcessedEvent

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

MOVES = {"start": ("draft", "paused"), "pause": ("running",)}
PAGE = 500  # the most members asked of the customer service at once


def create(session: Session, data: dict[str, Any], by: str, now: datetime) -> Campaign:
    if not templates.exists(session, data["template"], data["channel"]):
        raise InvalidInput(
            f"no template {data['template']!r} for {data['channel']}", {"template": "no such template"}
        )
    if session.scalar(select(func.count()).where(Campaign.name == data["name"])):
        raise Conflict(f"a campaign named {data['name']!r} exists", {"name": "taken"})
    campaign = Campaign(**data, status="draft", cursor=0, targeted=0, created_by=by, created_at=now)
    session.add(campaign)
    session.flush()
    return campaign


def get(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(f"campaign {campaign_id} does not exist", {"campaign_id": "not found"})
    return campaign


def listed(session: Session, limit: int, before_id: int = 0) -> list[Campaign]:
    """Newest first, a page at a time: the last id of a page is the next one's `before_id`
    (0: from the newest)."""
    query = select(Campaign).order_by(Campaign.id.desc()).limit(limit)
    if before_id:
        query = query.where(Campaign.id < before_id)
    return list(session.scalars(query))


def move(session: Session, campaign: Campaign, action: str, now: datetime) -> Campaign:
    if campaign.status not in MOVES[action]:
        raise Conflict(f"a {campaign.status} campaign cannot {action}", {"status": campaign.status})
    if action == "start":
        campaign.status = "running"
        campaign.started_at = campaign.started_at or now
        campaign.advanced_at = now
    else:
        campaign.status = "paused"
    return campaign


def start_or_pause(session: Session, campaign_id: int, action: str, now: datetime) -> Campaign:
    """`start` (or resume) or `pause` (a key of MOVES) the campaign. Raises NotFound,
    Conflict (a move its status does not allow)."""
    return move(session, get(session, campaign_id), action, now)


def described(session: Session, campaign: Campaign) -> dict[str, Any]:
    """The campaign as answered (CampaignOut) with its `results` so far."""
    return {**dump(CampaignOut, campaign), "results": results(session, campaign)}


def running(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).where(Campaign.status == "running").order_by(Campaign.id)))


def due_now(campaign: Campaign, now: datetime) -> int:
    """How many messages the pace allows since the last page (a minute's worth at most)."""
    elapsed = min((now - (campaign.advanced_at or now)).total_seconds(), 60.0)
    return int(campaign.per_minute * elapsed / 60)


def send_page(
    session: Session, campaign: Campaign, members: list[dict[str, Any]], cursor: int, now: datetime
) -> list[Message]:
    """Queue the page's messages and move the cursor past it, if no other process has
    (the cursor moves by a conditional UPDATE); [] when it lost that race."""
    if not members:
        session.execute(
            update(Campaign)
            .where(Campaign.id == campaign.id, Campaign.cursor == cursor, Campaign.status == "running")
            .values(status="done", finished_at=now)
            .execution_options(synchronize_session=False)
        )
        return []
    # an organisation's newsletter recipients carry the member they came from (`cursor`)
    last = max(m.get("cursor", m["id"]) for m in members)
    moved = rows_changed(
        session,
        update(Campaign)
        .where(Campaign.id == campaign.id, Campaign.cursor == cursor, Campaign.status == "running")
        .values(cursor=last, targeted=Campaign.targeted + len(members), advanced_at=now)
        .execution_options(synchronize_session=False),
    )
    if moved != 1:  # an UPDATE's result is a cursor's
        return []
    made = []
    for member in members:
        message = outgoing.compose(
            session,
            campaign.template,
            f"campaign:{campaign.id}:{member['id']}",
            member,
            {},
            channel=campaign.channel,
        )
        if message is not None:
            message.campaign_id = campaign.id
            made.append(message)
    return made


def advance(uow: UnitOfWork, contacts: Contacts, now: datetime) -> None:
    """Each running campaign's next page, at its pace: its members asked of the customer
    service with no transaction open, then queued (and announced) with the cursor moved
    in one transaction."""
    with uow.read() as session:
        due = [(c.id, c.selection_id, c.cursor, due_now(c, now)) for c in running(session)]
    for campaign_id, selection_id, cursor, allowed in due:
        if allowed < 1:
            continue
        members = contacts.selection_page(selection_id, min(allowed, PAGE), cursor)
        with uow.transaction() as session:
            campaign = get(session, campaign_id)
            outgoing.announce(session, send_page(session, campaign, members, cursor, now))


def reply_received(uow: UnitOfWork, event: dict[str, Any], handler: str) -> None:
    """A customer's mail or SMS (`case_message_received`, or the message that opened a
    case) counted as a campaign's reply when it answers one (see replied), once per
    event under `handler`."""
    data = event["data"]
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], handler):
            at = datetime.fromisoformat(event["occurred_at"])
            replied(
                session,
                data.get("references") or [],
                data.get("customer_id"),
                at,
                data.get("channel", "email"),
            )


def order_received(uow: UnitOfWork, event: dict[str, Any]) -> None:
    """An order (`order_placed`) counted as a campaign's answer when it came within the
    window after a campaign's message, once per event."""
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], "messaging.campaign_ordered"):
            ordered(session, event["data"]["customer_id"], datetime.fromisoformat(event["occurred_at"]))


def replied(
    session: Session, references: list[str], customer_id: int | None, at: datetime, channel: str = "email"
) -> int:
    """A mail that answers a campaign's message (its Message-ID among the references)
    counts as its reply; so does a text from the customer within the campaign's window
    after its SMS reached them (an SMS carries no thread)."""
    found: list[tuple[int, int | None]] = []
    if references:
        answered = session.execute(
            select(Message.campaign_id, Message.customer_id).where(
                Message.message_id.in_(references), Message.campaign_id.is_not(None)
            )
        )
        found = [(c, who) for c, who in answered if c is not None]  # None: excluded in SQL
    elif channel == "sms" and customer_id is not None:
        texted = session.execute(
            select(Message.campaign_id, Message.customer_id, Campaign.order_window_days, Message.sent_at)
            .join(Campaign, Campaign.id == Message.campaign_id)
            .where(Message.customer_id == customer_id, Message.channel == "sms", Message.status == "sent")
        ).all()
        found = [
            (c, who)
            for c, who, days, sent in texted
            if c is not None and sent is not None and sent <= at <= sent + timedelta(days=days)
        ]  # None: neither, a campaign's SMS that was sent has both
    return sum(
        _respond(session, campaign_id, who or customer_id, "replied", at) for campaign_id, who in found
    )


def ordered(session: Session, customer_id: int, at: datetime) -> int:
    """An order within a campaign's window after its message reached the customer."""
    found = session.execute(
        select(Message.campaign_id, Campaign.order_window_days, Message.sent_at)
        .join(Campaign, Campaign.id == Message.campaign_id)
        .where(Message.customer_id == customer_id, Message.status == "sent", Message.sent_at <= at)
    ).all()
    return sum(
        _respond(session, campaign_id, customer_id, "ordered", at)
        for campaign_id, window, sent_at in found
        if campaign_id is not None and sent_at is not None and at - sent_at <= timedelta(days=window)
    )


def _respond(session: Session, campaign_id: int, customer_id: int | None, kind: str, at: datetime) -> int:
    if customer_id is None:
        return 0
    exists = session.scalar(
        select(CampaignResponse.id).where(
            CampaignResponse.campaign_id == campaign_id,
            CampaignResponse.customer_id == customer_id,
            CampaignResponse.kind == kind,
        )
    )
    if exists:
        return 0
    session.add(CampaignResponse(campaign_id=campaign_id, customer_id=customer_id, kind=kind, at=at))
    session.flush()
    return 1


def results(session: Session, campaign: Campaign) -> dict[str, Any]:
    statuses = dict(
        session.execute(
            select(Message.status, func.count())
            .where(Message.campaign_id == campaign.id)
            .group_by(Message.status)
        ).all()
    )
    answers = dict(
        session.execute(
            select(CampaignResponse.kind, func.count())
            .where(CampaignResponse.campaign_id == campaign.id)
            .group_by(CampaignResponse.kind)
        ).all()
    )
    return {
        "targeted": campaign.targeted,
        "queued": statuses.get("queued", 0) + statuses.get("sending", 0),
        "delivered": statuses.get("sent", 0),
        "bounced": statuses.get("failed", 0),
        "opted_out": statuses.get("opted_out", 0),
        "no_address": statuses.get("no_address", 0),
        "replied": answers.get("replied", 0),
        "ordered": answers.get("ordered", 0),
    }

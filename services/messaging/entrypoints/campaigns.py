"""Campaigns (M4): a template sent to a saved selection's customers a page at a time on a
timer, started and paused, and how they answered (a reply to a campaign's message)."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.timer import timer

from crm_common.clock import utcnow
from crm_common.contracts import load, positive_id
from crm_common.contracts.messaging import CampaignIn
from crm_common.entrypoints import rpc
from crm_common.errors import InvalidInput
from services.messaging import campaigns
from services.messaging.entrypoints import SETTINGS, MessagingEntrypoints


class CampaignsEntrypoints(MessagingEntrypoints):
    @rpc
    def create_campaign(self, data: dict, by: str) -> dict:
        """A campaign (CampaignIn) in draft. Returns CampaignOut."""
        valid = load(CampaignIn, data)
        with self.db.transaction() as session:
            return campaigns.described(session, campaigns.create(session, valid, by, utcnow()))

    @rpc
    def move_campaign(self, campaign_id: int, action: str) -> dict:
        """`start` (or resume) or `pause`. Returns CampaignOut. Raises Conflict."""
        if action not in campaigns.MOVES:
            raise InvalidInput("start or pause", {"action": "start or pause"})
        campaign_id = positive_id(campaign_id, "campaign_id")
        with self.db.transaction() as session:
            campaign = campaigns.start_or_pause(session, campaign_id, action, utcnow())
            return campaigns.described(session, campaign)

    @rpc
    def get_campaign(self, campaign_id: int) -> dict:
        campaign_id = positive_id(campaign_id, "campaign_id")
        with self.db.read() as session:
            return campaigns.described(session, campaigns.get(session, campaign_id))

    @rpc
    def list_campaigns(self, limit: int = 50, before_id: int = 0) -> list[dict]:
        """Campaigns newest first with their results (CampaignOut list), at most 100 a
        page; pass the last id as `before_id` for the next page."""
        limit = min(positive_id(limit, "limit"), 100)
        before_id = positive_id(before_id, "before_id") if before_id else 0
        with self.db.read() as session:
            return [campaigns.described(session, c) for c in campaigns.listed(session, limit, before_id)]

    @timer(interval=SETTINGS.send_tick_seconds)
    def advance_campaigns(self):
        """Each running campaign's next page, at its pace: members asked of the customer
        service with no transaction open, then queued with the cursor in one transaction."""
        campaigns.advance(self.db, self._contacts, utcnow())

    @event_handler("case", "case_message_received")
    def on_case_message_received(self, payload):
        """A customer's mail or SMS that answers a campaign's message is its reply."""
        campaigns.reply_received(self.db, payload, "messaging.campaign_replied")

"""The log of what went out (M3), for a supervisor: to customers and to staff."""

from __future__ import annotations

import base64

from werkzeug.wrappers import Response

from crm_common.contracts import positive_id
from crm_common.contracts.messaging import (
    CampaignIn,
    CampaignOut,
    DocumentRenderIn,
    EventRuleOut,
    EventRulesIn,
    ManualMessageIn,
    MessageOut,
    OptOutIn,
    OptOutOut,
    TemplateChoiceOut,
    TemplateIn,
    TemplateOut,
)
from gateway import downloads
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN, SUPERVISOR
from gateway.routing import query_limit, route


class MessagesRoutes(Routes):
    @route(
        "GET",
        "/api/messages",
        summary="Messages sent, newest first",
        tag="messaging",
        roles=SUPERVISOR,
        response=MessageOut,
        many=True,
        query={
            "recipient": "only to this address",
            "template": "only of this template",
            "status": "only queued, sending, sent, failed or no_address",
            "limit": "at most (100)",
        },
    )
    def messages(self, req):
        """Each with its status, attempts and, when it failed, why. A customer's own
        messages are also in their 360° view."""
        return call(
            self.messaging,
            "list_outgoing",
            req.args.get("recipient"),
            req.args.get("template"),
            query_limit(req.args.get("limit"), 100),
            req.args.get("status"),
        )

    @route(
        "GET",
        "/api/messages/<int:message_id>",
        summary="One message: its subject and text as sent",
        tag="messaging",
        roles=STAFF,
        response=MessageOut,
        errors=(404,),
    )
    def message(self, req, message_id):
        """What the customer got, for the desk's "Messages sent" tab. A secret it carried
        (a login link) shows as its placeholder, as everywhere."""
        return call(self.messaging, "get_message", message_id)

    @route(
        "GET",
        "/api/message-templates",
        summary="The templates an agent may send by hand: name, language and channel",
        tag="messaging",
        roles=STAFF,
        response=TemplateChoiceOut,
        many=True,
        query={"limit": "at most this many (500)"},
    )
    def message_templates(self, req):
        """The stored e-mail, SMS and letter templates (not the partials) by name, for the
        360° view's "Send a message"."""
        stored = call(self.messaging, "list_templates")["stored"]
        keys = ("name", "language", "channel", "subject")
        chosen = [{k: t[k] for k in keys} for t in stored if t["channel"] != "partial"]
        return chosen[: query_limit(req.args.get("limit"), 500)]


class MessagingSettingsRoutes(Routes):
    @route(
        "GET",
        "/api/templates",
        summary="Message templates: stored ones, and the names of the built-in ones",
        tag="messaging",
        roles=SUPERVISOR,
    )
    def templates(self, req):
        return call(self.messaging, "list_templates")

    @route(
        "PUT",
        "/api/templates/<name>/<language>/<channel>",
        summary="Store a template for a language and channel (email, sms, letter, partial)",
        tag="messaging",
        roles=ADMIN,
        body=TemplateIn,
        response=TemplateOut,
    )
    def save_template(self, req, name, language, channel):
        """Jinja2 in the sandbox: `customer.name`, the event's or the caller's values,
        `{% include "signature" %}` for a partial of the same language. An e-mail may
        have an `html` part (values are escaped there). `purpose: marketing` is never sent
        on a channel the customer opted out of."""
        return call(self.messaging, "save_template", name, language, channel, req.body)

    @route(
        "DELETE",
        "/api/templates/<name>/<language>/<channel>",
        summary="Remove a stored template (the built-in one applies again)",
        tag="messaging",
        roles=ADMIN,
        status=204,
        errors=(404,),
    )
    def delete_template(self, req, name, language, channel):
        call(self.messaging, "delete_template", name, language, channel)

    @route(
        "GET",
        "/api/event-rules",
        summary="Which event sends which template on which channel",
        tag="messaging",
        roles=SUPERVISOR,
        response=EventRuleOut,
        many=True,
    )
    def event_rules(self, req):
        return call(self.messaging, "list_event_rules")

    @route(
        "PUT",
        "/api/event-rules/<event_type>",
        summary="Set which templates an event sends, one per channel",
        tag="messaging",
        roles=ADMIN,
        body=EventRulesIn,
        response=EventRuleOut,
        many=True,
    )
    def set_event_rules(self, req, event_type):
        """For case_opened (the confirmation), order_placed, order_shipped,
        delivery_delayed, return_received, refund_paid and membership_ended. An empty list
        goes back to the default message."""
        return call(self.messaging, "set_event_rules", event_type, req.body)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/opt-outs",
        summary="What marketing the customer does not want",
        tag="messaging",
        roles=STAFF,
        response=OptOutOut,
        many=True,
    )
    def opt_outs(self, req, customer_id):
        return call(self.messaging, "list_opt_outs", customer_id)

    @route(
        "POST",
        "/api/customers/<int:customer_id>/opt-outs",
        summary="No marketing on a channel (or of one newsletter)",
        tag="messaging",
        roles=STAFF,
        body=OptOutIn,
        response=OptOutOut,
        many=True,
        status=201,
    )
    def opt_out(self, req, customer_id):
        return call(self.messaging, "opt_out", customer_id, req.body)

    @route(
        "POST",
        "/api/customers/<int:customer_id>/opt-ins",
        summary="Take an opt-out back",
        tag="messaging",
        roles=STAFF,
        body=OptOutIn,
        response=OptOutOut,
        many=True,
    )
    def opt_in(self, req, customer_id):
        return call(self.messaging, "opt_in", customer_id, req.body)

    @route(
        "POST",
        "/api/customers/<int:customer_id>/messages",
        summary="Send the customer a message from a template",
        tag="messaging",
        roles=STAFF,
        body=ManualMessageIn,
        response=MessageOut,
        status=201,
    )
    def send_manual(self, req, customer_id):
        """In the customer's language unless `language` says otherwise; `text` fills
        `{{ text }}`; it is sent like every other message and shows in the 360° view."""
        return call(self.messaging, "send_manual", customer_id, req.body, req.principal.username)


class CampaignsRoutes(Routes):
    @route(
        "POST",
        "/api/campaigns",
        summary="A campaign: a template to a saved selection, at a pace",
        tag="campaigns",
        roles=SUPERVISOR,
        body=CampaignIn,
        response=CampaignOut,
        status=201,
        errors=(409,),
    )
    def create_campaign(self, req):
        """It starts as a draft; `POST …/start` sends it, `…/pause` holds it (and start
        resumes where it stopped). Each customer gets it once, whatever happens between."""
        return call(self.messaging, "create_campaign", req.body, req.principal.username)

    @route(
        "GET",
        "/api/campaigns",
        summary="Campaigns, newest first, each with its response so far",
        tag="campaigns",
        roles=SUPERVISOR,
        response=CampaignOut,
        many=True,
        query={"limit": "at most (50, at most 100)", "before_id": "the last id of the page before"},
    )
    def campaigns(self, req):
        before = req.args.get("before_id") or "0"
        before = 0 if before == "0" else positive_id(before, "before_id")
        limit = min(query_limit(req.args.get("limit"), 50), 100)
        return call(self.messaging, "list_campaigns", limit, before)

    @route(
        "GET",
        "/api/campaigns/<int:campaign_id>",
        summary="A campaign and its response: delivered, bounced, replied, ordered",
        tag="campaigns",
        roles=SUPERVISOR,
        response=CampaignOut,
        errors=(404,),
    )
    def get_campaign(self, req, campaign_id):
        return call(self.messaging, "get_campaign", campaign_id)

    @route(
        "POST",
        "/api/campaigns/<int:campaign_id>/start",
        summary="Start a campaign, or resume a paused one where it stopped",
        tag="campaigns",
        roles=SUPERVISOR,
        response=CampaignOut,
        errors=(404, 409),
    )
    def start_campaign(self, req, campaign_id):
        return call(self.messaging, "move_campaign", campaign_id, "start")

    @route(
        "POST",
        "/api/campaigns/<int:campaign_id>/pause",
        summary="Pause a running campaign",
        tag="campaigns",
        roles=SUPERVISOR,
        response=CampaignOut,
        errors=(404, 409),
    )
    def pause_campaign(self, req, campaign_id):
        return call(self.messaging, "move_campaign", campaign_id, "pause")


class DocumentsRoutes(Routes):
    @route(
        "POST",
        "/api/customers/<int:customer_id>/documents",
        summary="A letter template (a contract, a statement, …) as a PDF for the customer",
        tag="messaging",
        roles=STAFF,
        body=DocumentRenderIn,
        raw=True,
        errors=(404,),
    )
    def render_document(self, req, customer_id):
        """Filled with `values` and the customer's name and address; nothing is sent."""
        return pdf_response(call(self.messaging, "render_document", req.body, customer_id))


def pdf_response(document: dict) -> Response:
    return Response(
        base64.b64decode(document["content"]),
        mimetype="application/pdf",
        headers={"Content-Disposition": downloads.attachment(document["filename"])},
    )

"""Templates and what events send with them (M1, M2): the templates an admin stores for a
name, language and channel, and the rules that say which event sends which template on
which channel. Every change is written to the audit trail (settings_admin.py)."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, load
from crm_common.contracts.messaging import EventRuleOut, EventRulesIn, TemplateIn, TemplateOut
from crm_common.entrypoints import rpc
from services.messaging import settings_admin, templates
from services.messaging.entrypoints import MessagingEntrypoints


class TemplatesEntrypoints(MessagingEntrypoints):
    @rpc
    def save_template(self, name: str, language: str, channel: str, data: dict) -> dict:
        """Store a template (TemplateIn) for a name, language and channel (email, sms,
        letter, or partial); it must parse. Returns TemplateOut."""
        valid = load(TemplateIn, data, name=name, language=language, channel=channel)
        key = (valid["name"], valid["language"], valid["channel"])
        with self.db.transaction() as session:
            row = settings_admin.change_template(session, self.actor, key, valid, utcnow())
            return dump(TemplateOut, row)

    @rpc
    def list_templates(self) -> dict:
        """The stored templates, and the names of the built-in ones."""
        with self.db.read() as session:
            return {
                "stored": dump(TemplateOut, settings_admin.stored_templates(session), many=True),
                "built_in": sorted(templates.BUILT_IN),
            }

    @rpc
    def delete_template(self, name: str, language: str, channel: str) -> None:
        with self.db.transaction() as session:
            settings_admin.remove_template(session, self.actor, (name, language, channel))

    @rpc
    def set_event_rules(self, event_type: str, data: dict) -> list[dict]:
        """Which templates an event sends on which channels (EventRulesIn). Returns them."""
        valid = load(EventRulesIn, data)
        with self.db.transaction() as session:
            made = settings_admin.change_event_rules(session, self.actor, event_type, valid["rules"])
            return dump(EventRuleOut, made, many=True)

    @rpc
    def list_event_rules(self) -> list[dict]:
        with self.db.read() as session:
            return dump(EventRuleOut, settings_admin.event_rules(session), many=True)

"""The messaging service's schemas (the public contract)."""

from crm_common.contracts import messaging as c
from crm_common.contracts.messaging import MessageOut

message_out = MessageOut()
template_in = c.TemplateIn()
template_out = c.TemplateOut()
event_rules_in = c.EventRulesIn()
event_rule_out = c.EventRuleOut()
opt_out_in = c.OptOutIn()
opt_out_out = c.OptOutOut()
manual_message_in = c.ManualMessageIn()
campaign_in = c.CampaignIn()
campaign_out = c.CampaignOut()
document_render_in = c.DocumentRenderIn()

"""The case service's schemas (the public contract)."""

from crm_common.contracts.case.agenda import AgendaItemIn, AgendaItemOut, PersonalEntryIn, PersonalEntryOut
from crm_common.contracts.case.calls import CallRegistrationIn, CallRegistrationOut, CallTypeIn, CallTypeOut
from crm_common.contracts.case.cases import CaseCreate, CaseOut, StatusIn
from crm_common.contracts.case.intake import InboundMessageIn, InboundOut, LinkCustomerIn
from crm_common.contracts.case.journal import CaseNoteIn, JournalEntryOut
from crm_common.contracts.case.knowledge import FaqIn, FaqOut, SimilarCaseOut
from crm_common.contracts.case.papers import (
    DocumentIn,
    DocumentOut,
    ForwardIn,
    LetterIn,
    LetterOut,
    RepliedIn,
)
from crm_common.contracts.case.portal import (
    CustomerCaseOut,
    CustomerMessageIn,
    PortalCaseOut,
    PortalInboundOut,
)
from crm_common.contracts.case.replies import RenderIn, ReplyIn, ReplyTemplateIn, ReplyTemplateOut
from crm_common.contracts.case.routing import (
    AgentIn,
    AgentOut,
    AssignIn,
    AssignmentOut,
    PresenceIn,
    PresenceOut,
    RuleIn,
    RuleOut,
    WeightsIn,
)
from crm_common.contracts.case.sla import CalendarIn, CalendarOut, SlaPolicyIn, SlaPolicyOut

case_create = CaseCreate()
case_out = CaseOut()
journal_out = JournalEntryOut()
reply_in = ReplyIn()
note_in = CaseNoteIn()
status_in = StatusIn()
assign_in = AssignIn()
link_in = LinkCustomerIn()
inbound_message_in = InboundMessageIn()
inbound_out = InboundOut()
agent_in = AgentIn()
agent_out = AgentOut()
presence_in = PresenceIn()
presence_out = PresenceOut()
assignment_out = AssignmentOut()
rule_in = RuleIn()
rule_out = RuleOut()
weights_in = WeightsIn()
calendar_in = CalendarIn()
calendar_out = CalendarOut()
sla_policy_in = SlaPolicyIn()
sla_policy_out = SlaPolicyOut()
faq_in = FaqIn()
faq_out = FaqOut()
similar_case_out = SimilarCaseOut()
reply_template_in = ReplyTemplateIn()
reply_template_out = ReplyTemplateOut()
render_in = RenderIn()
call_type_in = CallTypeIn()
call_type_out = CallTypeOut()
call_registration_in = CallRegistrationIn()
call_registration_out = CallRegistrationOut()
agenda_item_in = AgendaItemIn()
agenda_item_out = AgendaItemOut()
personal_entry_in = PersonalEntryIn()
personal_entry_out = PersonalEntryOut()
letter_in = LetterIn()
letter_out = LetterOut()
forward_in = ForwardIn()
replied_in = RepliedIn()
document_in = DocumentIn()
document_out = DocumentOut()
customer_message_in = CustomerMessageIn()
# what the portal shows a customer of their own cases
portal_case_out = PortalCaseOut()
customer_case_out = CustomerCaseOut()
portal_inbound_out = PortalInboundOut()

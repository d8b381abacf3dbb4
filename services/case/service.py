"""The case service: intake from every channel, the journal, routing and the SLA (SPEC
K1–K13). This is its table of contents.

CaseService is put together from one class of entrypoints per area, in
`services/case/entrypoints/`; each entrypoint reads its input with a contract, calls one
function of the domain module named for its area (`services/case/<area>.py`, plain
Python) and answers with the result. The dependency providers are declared here, once:

- `db`: the case database (a UnitOfWork per worker); `relay` publishes its outbox
- `customers`, `orders`: the customer and order services, over RPC
- `config`: the container's config (IMAP_URL); `actor`: who is acting, for the audit trail
"""

from __future__ import annotations

from nameko.dependency_providers import Config
from nameko.rpc import RpcProxy

from crm_common.acting import Actor
from crm_common.health import Pingable
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.case.entrypoints.agenda import AgendaEntrypoints
from services.case.entrypoints.calls import CallEntrypoints
from services.case.entrypoints.cases import CasesEntrypoints
from services.case.entrypoints.intake import IntakeEntrypoints
from services.case.entrypoints.journal import JournalEntrypoints
from services.case.entrypoints.knowledge import KnowledgeEntrypoints
from services.case.entrypoints.papers import PaperEntrypoints
from services.case.entrypoints.personal_data import PersonalDataEntrypoints
from services.case.entrypoints.portal import PortalEntrypoints
from services.case.entrypoints.replies import ReplyEntrypoints
from services.case.entrypoints.reports import ReportEntrypoints
from services.case.entrypoints.routing import RoutingEntrypoints
from services.case.entrypoints.sla import SlaEntrypoints
from services.case.models import OutboxMessage


class CaseService(
    Pingable,
    CasesEntrypoints,  # opening and reading cases, their status (K1, K2)
    IntakeEntrypoints,  # mail, messages, the mailbox, unknown senders (K1)
    PortalEntrypoints,  # what a signed-in customer sees and writes (K1, K3)
    JournalEntrypoints,  # the journal, attachments, notes (K3)
    ReplyEntrypoints,  # replies and reply templates (K3, K7)
    KnowledgeEntrypoints,  # FAQ answers and similar cases (K6, K7)
    RoutingEntrypoints,  # assignments, agents, presence, rules, weights (K4)
    SlaEntrypoints,  # calendars, SLA policies, the SLA timers (K5)
    CallEntrypoints,  # call types and registered calls (K9)
    ReportEntrypoints,  # the case report (K10)
    AgendaEntrypoints,  # the agenda, the personal list, reminders (K12)
    PaperEntrypoints,  # the registers of letters and documents (K13)
    PersonalDataEntrypoints,  # merged and erased customers, the export (C7, GDPR)
):
    name = "case"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    orders = RpcProxy("order")
    config = Config()
    actor = Actor()

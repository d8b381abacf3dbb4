"""The messaging service: everything that goes out to customers and staff (SPEC M1–M6).
This is its table of contents; the entrypoints live in entrypoints/, one class per area,
and call the domain module named for what they do:

- entrypoints/event_reactions.py: what events send (M2): a case's confirmation and
  replies, reminders and SLA warnings to staff, an order's notices (event_messages.py)
- entrypoints/sending.py: the queue sent on a timer, an agent's message, the log of what
  went out (M5; delivery.py, outgoing.py, transports.py)
- entrypoints/templates.py: templates and event rules (M1, M2; settings_admin.py)
- entrypoints/opt_outs.py: no marketing on a channel or of a newsletter (M3)
- entrypoints/campaigns.py: campaigns, their pages on a timer and their answers (M4)
- entrypoints/documents.py: a letter template as a PDF (M6; documents.py, letters.py)
- entrypoints/personal_data.py: export, merge and erasure of a person (personal_data.py)

The dependencies are declared here, once; entrypoints/__init__.py says why the areas only
annotate them. The customer service is asked through contacts.Contacts, made from the
RPC proxy and the process cache (crm_common.cache.ForgetsChangedCustomers keeps it fresh)."""

from __future__ import annotations

from nameko.rpc import RpcProxy

from crm_common.acting import Actor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.health import Pingable
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.messaging.entrypoints.campaigns import CampaignsEntrypoints
from services.messaging.entrypoints.documents import DocumentsEntrypoints
from services.messaging.entrypoints.event_reactions import EventReactionsEntrypoints
from services.messaging.entrypoints.opt_outs import OptOutsEntrypoints
from services.messaging.entrypoints.personal_data import PersonalDataEntrypoints
from services.messaging.entrypoints.sending import SendingEntrypoints
from services.messaging.entrypoints.templates import TemplatesEntrypoints
from services.messaging.models import OutboxMessage


class MessagingService(
    ForgetsChangedCustomers,
    Pingable,
    EventReactionsEntrypoints,
    SendingEntrypoints,
    TemplatesEntrypoints,
    OptOutsEntrypoints,
    CampaignsEntrypoints,
    DocumentsEntrypoints,
    PersonalDataEntrypoints,
):
    name = "messaging"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")
    actor = Actor()

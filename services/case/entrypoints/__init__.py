"""The case service's entrypoints, one class per area of the SPEC; `services/case/service.py`
puts them together into CaseService.

Each class is a mixin of CaseService: nameko finds entrypoints (and dependency providers)
with `inspect.getmembers` on the service class, so inherited methods are served under their
own names. The dependency providers themselves are declared once, with their values, on
CaseService. CaseEntrypoints below only names what the workers are given for them, by
annotation without a value, so the type checker knows `self.db` and the rest here (a value
here would make it a second provider).

- `cases`: opening and reading cases, their status (K1, K2)
- `intake`: mail, SMS, chat and web-form messages, the IMAP mailbox, unknown senders (K1)
- `portal`: what a signed-in customer sees and writes (K1, K3)
- `journal`: the journal, its attachments, notes (K3)
- `replies`: replies and reply templates (K3, K7)
- `knowledge`: FAQ answers and similar cases (K6, K7)
- `routing`: assignments, agents, presence, routing rules and weights (K4)
- `sla`: calendars, SLA policies and the SLA timers (K5)
- `calls`: call types and registered calls (K9)
- `reports`: the case report (K10)
- `agenda`: agenda items, the personal list and the reminders (K12)
- `papers`: the registers of letters and documents (K13)
- `personal_data`: merged and erased customers, the export (C7, GDPR)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from crm_common.acting import Acting
    from crm_common.storage import UnitOfWork
    from services.case.senders import CustomerRegister


class OrderBook(Protocol):
    """What the case service asks of the order service."""

    def get_order(self, order_id: int) -> dict: ...


class CaseEntrypoints:
    """What a CaseService worker has: the values are CaseService's dependency providers."""

    name: str
    db: UnitOfWork
    customers: CustomerRegister
    orders: OrderBook
    config: Mapping[str, object]
    actor: Acting

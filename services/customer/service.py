"""The customer service: the register of persons and organisations, its quality
(duplicates, review, address checks, imports), the customer log, selections and
predictions. This file is its table of contents; the entrypoints are in
services/customer/entrypoints/, one class per area:

- register.py: create, match, read, change and find customers (C1, C6)
- review.py: registrations from outside and the review queue (C2, C5)
- duplicates.py: the duplicate scan, its pairs and groups, and merges (C2, C7)
- addresses.py: address blocks and the address check (C3, C4)
- relations.py: who works where, who owns a number, the last contact (C1, C9)
- customer_log.py: notes and the customer log (C8, C9)
- consent.py: consent to marketing, opt-in, with its time and source (C9, M5)
- selections.py: smart selections and their read model (C10)
- imports.py: CSV imports (C11)
- portal.py: a customer's own change of details (C12)
- predictions.py: churn risk and the next product group (C13)
- personal_data.py: data-protection requests, export and erasure (GDPR art. 15, 17)

Each entrypoint parses its input with a contract (crm_common/contracts/customer/), calls
one function of a domain module here (plain Python, no nameko), and dumps the answer.
The dependency providers are declared below, once: nameko finds them, and the entrypoints
the areas add, on this class.
"""

from __future__ import annotations

from crm_common.acting import Actor
from crm_common.health import Pingable
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.customer.entrypoints.addresses import AddressesEntrypoints
from services.customer.entrypoints.consent import ConsentEntrypoints
from services.customer.entrypoints.customer_log import CustomerLogEntrypoints
from services.customer.entrypoints.duplicates import DuplicatesEntrypoints
from services.customer.entrypoints.imports import ImportEntrypoints
from services.customer.entrypoints.personal_data import PersonalDataEntrypoints
from services.customer.entrypoints.portal import PortalEntrypoints
from services.customer.entrypoints.predictions import PredictionsEntrypoints
from services.customer.entrypoints.register import RegisterEntrypoints
from services.customer.entrypoints.relations import RelationsEntrypoints
from services.customer.entrypoints.review import ReviewEntrypoints
from services.customer.entrypoints.selections import SelectionsEntrypoints
from services.customer.models import OutboxMessage


class CustomerService(
    Pingable,
    RegisterEntrypoints,
    ReviewEntrypoints,
    DuplicatesEntrypoints,
    AddressesEntrypoints,
    RelationsEntrypoints,
    CustomerLogEntrypoints,
    ConsentEntrypoints,
    SelectionsEntrypoints,
    ImportEntrypoints,
    PortalEntrypoints,
    PredictionsEntrypoints,
    PersonalDataEntrypoints,
):
    name = "customer"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    actor = Actor()

"""Customer service entrypoints: parse, call the register, dump. Nothing else."""

from __future__ import annotations

from marshmallow import Schema
from nameko.events import event_handler

from crm_common.acting import Actor
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.addresses import AddressBlockIn, AddressBlockOut, AddressCheckIn
from crm_common.contracts.customer.customers import (
    CustomerCreate,
    CustomerOut,
    CustomerSummary,
    CustomerTerms,
    CustomerUpdate,
)
from crm_common.contracts.customer.duplicates import MergeOut
from crm_common.contracts.customer.imports import ImportIn, ImportOut
from crm_common.contracts.customer.log import LogEntryIn, LogEntryOut, NoteIn, NoteOut
from crm_common.contracts.customer.own_details import OwnDetailsIn
from crm_common.contracts.customer.predictions import PredictionModelOut, PredictionOut
from crm_common.contracts.customer.relations import EmploymentIn
from crm_common.contracts.customer.review import DecisionIn, ReviewItemOut
from crm_common.contracts.customer.selections import ContactOut, CriteriaIn, SelectionIn, SelectionOut
from crm_common.entrypoints import rpc
from crm_common.health import Pingable
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay
from crm_common.storage import Database
from services.customer import (
    address_blocks,
    address_warnings,
    credit_terms,
    customer_log,
    duplicate_scan,
    importing,
    intake,
    merges,
    merging,
    personal_data,
    predictions,
    register,
    relations,
    review,
    review_decisions,
    saved_selections,
    selection_model,
    selections,
    updating,
)
from services.customer.address_warnings import AddressWarning
from services.customer.matching import Match
from services.customer.models import OutboxMessage, ProcessedEvent
from services.customer.verdicts import Thresholds
from services.customer.views import customer_view


class CustomerService(Pingable):
    name = "customer"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    actor = Actor()

    @staticmethod
    def _region() -> str:
        """Where a number or an address without a country is read (CRM_DEFAULT_REGION)."""
        return load_settings().default_region

    @rpc
    def create_customer(self, data: dict, confirm_new: bool = False) -> dict:
        """Register a person or an organisation, matched against the register first.

        data: CustomerCreate (kind, name or given_name/family_name, country, phones,
        emails, addresses, national_id / org_number validated for the country, ...).
        confirm_new: create it even when it looks like a duplicate.
        Returns the CustomerOut plus `matches`, the look-alikes found (see
        match_customer). Raises InvalidInput naming each bad field; DuplicateSuspected
        (with the matches) when a look-alike scores as a probable duplicate and
        confirm_new is not set. Emits `customer_created`.
        """
        valid = load(CustomerCreate, data)
        credit_terms.check_change(self.actor, valid)
        with self.db.transaction() as session:
            return intake.create_customer(session, self.actor, valid, self._region(), confirm_new)

    @rpc
    def submit_registration(self, data: dict, submitted_by: str) -> dict:
        """A customer registering from outside (RegistrationIn: customer, source web_order |
        self_registration | import | api, reference). Clean ones are created at once:
        {"status": "created", "customer_id"}. A look-alike or a blocked or doubtful address
        waits for an agent: {"status": "pending_review", "review_id"}, and
        `review_requested` is emitted. Raises InvalidInput (fields under "customer.")."""
        valid, customer_data = intake.load_registration(data)
        credit_terms.check_change(self.actor, customer_data)
        with self.db.transaction() as session:
            return intake.submit(session, self.actor, valid, customer_data, submitted_by, self._region())

    @rpc
    def start_import(self, data: dict, started_by: str) -> dict:
        """Import customers from CSV (ImportIn: csv text, mapping of fields to columns,
        mode review | link | skip). Every row is matched on the way in. Returns the job
        (ImportOut, status "queued"); it runs in the background: follow it with
        get_import. Raises InvalidInput (a mapped column the file lacks, a bad mode).
        Emits `import_started`."""
        valid = load(ImportIn, data)
        with self.db.transaction() as session:
            return importing.start_import(session, valid, started_by)

    @rpc
    def get_import(self, import_id: int) -> dict:
        """An import's progress and report (ImportOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(ImportOut, importing.get_job(session, positive_id(import_id, "import_id")))

    @event_handler("customer", "import_started")
    def on_import_started(self, payload):
        """Run the import batch by batch; each batch commits with its progress, so a
        restart (the event is delivered again) carries on where it stopped."""
        importing.run_import(self.db, payload["data"]["import_id"], self._region())

    @rpc
    def start_duplicate_scan(self, started_by: str) -> dict:
        """Look for duplicate pairs across the whole register, in the background. Returns
        the scan (DuplicateScanOut); follow it with duplicate_report. Emits
        `duplicate_scan_started`."""
        with self.db.transaction() as session:
            return duplicate_scan.start_scan(session, started_by)

    @rpc
    def duplicate_report(
        self, scan_id: int | None = None, limit: int = 100, verdict: str | None = None
    ) -> dict:
        """A scan's progress and its pairs, most alike first: {"scan": DuplicateScanOut,
        "pairs": [{"first", "second", "score", "verdict", "reasons"}]}. The newest scan
        unless `scan_id` is given. Raises NotFound when none has run."""
        scan_id = None if scan_id is None else positive_id(scan_id, "scan_id")
        with self.db.read() as session:
            return duplicate_scan.pairs_report(session, scan_id, min(int(limit), 1000), verdict)

    @rpc
    def duplicate_groups(self, scan_id: int | None = None, limit: int = 100) -> dict:
        """Customers a finished scan found to be one, biggest group first: {"scan":
        DuplicateScanOut, "groups": DuplicateGroupOut list (members, and the ties that say
        why)}. The newest scan unless `scan_id` is given; empty while it runs. Raises
        NotFound."""
        scan_id = None if scan_id is None else positive_id(scan_id, "scan_id")
        with self.db.read() as session:
            return duplicate_scan.groups_report(session, scan_id, min(int(limit), 1000))

    @event_handler("customer", "duplicate_scan_started")
    def on_duplicate_scan_started(self, payload):
        """Walk the register slice by slice; each slice commits with the scan's progress."""
        duplicate_scan.run_scan(self.db, payload["data"]["scan_id"], Thresholds.of(load_settings()))

    @rpc
    def list_review(self, limit: int = 100) -> list[dict]:
        """Registrations waiting for a decision, oldest first (ReviewItemOut list)."""
        with self.db.read() as session:
            return dump(ReviewItemOut, review.pending(session, min(int(limit), 500)), many=True)

    @rpc
    def get_review(self, review_id: int) -> dict:
        """One review item, pending or decided (ReviewItemOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(ReviewItemOut, review.get_item(session, positive_id(review_id, "review_id")))

    @rpc
    def decide_review(self, review_id: int, data: dict, decided_by: str) -> dict:
        """Decide a waiting registration (DecisionIn): `approve` creates it as a new
        customer; `merge` creates it and folds it into `into` (nothing of it is lost);
        `reject` drops it. Returns the ReviewItemOut. Raises NotFound, Conflict (already
        decided), InvalidInput. Emits `review_decided` with the customer it became."""
        valid = load(DecisionIn, data)
        review_id = positive_id(review_id, "review_id")
        with self.db.transaction() as session:
            return review_decisions.decide_review(
                session, self.actor, review_id, valid, decided_by, self._region()
            )

    @rpc
    def merge_customers(self, survivor_id: int, merged_id: int, merged_by: str) -> dict:
        """Fold `merged_id` into `survivor_id`: phones, e-mails, addresses (as history where
        the survivor has its own), notes and employments move; empty fields of the
        survivor are filled. The merged id keeps resolving to the survivor, and the merge
        is kept with a snapshot of the merged customer. Returns the survivor (CustomerOut).
        Raises NotFound, InvalidInput (same customer, already merged, person with
        organisation). Emits `customer_merged`, on which every service re-points what it
        holds."""
        survivor_id = positive_id(survivor_id, "customer_id")
        merged_id = positive_id(merged_id, "merged_id")
        with self.db.transaction() as session:
            return merges.merge_customers(session, self.actor, survivor_id, merged_id, merged_by)

    @rpc
    def list_merges(self, customer_id: int) -> list[dict]:
        """The merges a customer took part in, oldest first (MergeOut list, with the merged
        customer's snapshot)."""
        with self.db.read() as session:
            return dump(
                MergeOut, merging.merges_of(session, positive_id(customer_id, "customer_id")), many=True
            )

    @rpc
    def match_customer(self, data: dict) -> list[Match]:
        """Look-alikes of an unsaved person or organisation (CustomerCreate), best first:
        [{"customer": {id, kind, name, country}, "score": 0..1, "verdict": "duplicate" |
        "review" | "distinct", "reasons": {field: {"agreement", "weight", "similarity"}}}].
        Raises InvalidInput."""
        valid = load(CustomerCreate, data)
        with self.db.read() as session:
            return intake.look_alikes(session, valid, self._region())

    @rpc
    def get_customer(self, customer_id: int) -> dict:
        """The CustomerOut with current addresses, address history and employments. An id
        that was merged away gives the customer it was merged into. Raises NotFound."""
        with self.db.read() as session:
            return customer_view(session, merging.resolve(session, positive_id(customer_id, "customer_id")))

    @rpc
    def get_terms(self, customer_id: int) -> dict:
        """What an order needs of a customer, and nothing more (cheap): {id, name,
        credit_limit, discount_percent}, following merges. Raises NotFound."""
        with self.db.read() as session:
            customer = merging.resolve(session, positive_id(customer_id, "customer_id"))
            return dump(CustomerTerms, customer)

    @rpc
    def update_customer(self, customer_id: int, changes: dict) -> dict:
        """Change some fields (CustomerUpdate). A new address of a kind closes the old one,
        which stays in address_history. Returns CustomerOut plus `warnings` about the new
        addresses. Raises NotFound, InvalidInput. Emits `customer_updated`."""
        valid = load(CustomerUpdate, changes)
        with self.db.transaction() as session:
            return updating.update_customer(
                session, self.actor, positive_id(customer_id, "customer_id"), valid
            )

    @rpc
    def update_own_details(self, customer_id: int, data: dict) -> dict:
        """The customer's own change from the portal (OwnDetailsIn: `phone`, their mobile
        number, and/or `address`, their postal address), checked and written in one
        transaction. Look-alikes it makes are noted in the customer's log for an agent
        (C12). Returns CustomerOut plus `look_alikes`. Raises NotFound; InvalidInput with
        the portal's fields (`address`: blocked, unknown postal code or the wrong town,
        with the reason; `phone`: not a phone number); Conflict (`phone`: another
        person's number). Emits `customer_updated`."""
        valid = load(OwnDetailsIn, data)
        with self.db.transaction() as session:
            return updating.update_own_details(
                session, self.actor, positive_id(customer_id, "customer_id"), valid, utcnow().date()
            )

    @rpc
    def create_address_block(self, data: dict, author: str) -> dict:
        """Block a postal code, a postal-code range, a street in a town or one address
        (AddressBlockIn); customers created or moved there get a warning. Returns
        AddressBlockOut. Raises InvalidInput."""
        valid = load(AddressBlockIn, data)
        with self.db.transaction() as session:
            return address_blocks.block(session, self.actor, valid, author, self._region())

    @rpc
    def list_address_blocks(self) -> list[dict]:
        """Every address block (AddressBlockOut list)."""
        with self.db.read() as session:
            return dump(AddressBlockOut, address_blocks.list_blocks(session), many=True)

    @rpc
    def delete_address_block(self, block_id: int) -> None:
        """Lift a block. Raises NotFound."""
        with self.db.transaction() as session:
            address_blocks.lift(session, self.actor, positive_id(block_id, "block_id"))

    @rpc
    def check_addresses(self, addresses: list, country: str | None = None) -> list[AddressWarning]:
        """Warnings for addresses (AddressIn list) without storing anything: blocked,
        unknown postal code, or a town the postal register does not place there."""
        valid = load(
            AddressCheckIn,
            {"addresses": addresses} if country is None else {"addresses": addresses, "country": country},
        )
        with self.db.read() as session:
            return address_warnings.warnings(session, valid["addresses"], country or self._region())

    @rpc
    def search_customers(self, text: str, limit: int = 50) -> list[dict]:
        """Customers whose name contains `text`, or whose phone (any format), e-mail,
        national/org id or customer number is `text`. Returns CustomerOut list."""
        with self.db.read() as session:
            found = register.search_customers(session, text, self._region(), min(int(limit), 200))
            return [dump(CustomerOut, c) for c in found]

    @rpc
    def find_by_email(self, address: str) -> list[dict]:
        """Who writes from this address: the customers holding it (persons first), as
        CustomerSummary, oldest first."""
        with self.db.read() as session:
            return dump(CustomerSummary, register.find_by_email(session, str(address)), many=True)

    @rpc
    def find_by_phone(self, number: str, region: str | None = None) -> list[dict]:
        """Who owns this number. `number` in any format, read as `region` (default: the
        configured region). Returns [{"customer": summary, "organisations": [summary],
        "e164": ...}], persons with the organisations they currently work for.
        Raises InvalidInput when `number` cannot be a phone number."""
        with self.db.read() as session:
            return relations.phone_owners(session, number, region or self._region())

    @rpc
    def link_person(self, organisation_id: int, data: dict) -> dict:
        """Tie a person to an organisation (job title, period, contact person, newsletter
        recipient). Returns EmploymentOut. Raises NotFound, InvalidInput."""
        valid = load(EmploymentIn, data)
        with self.db.transaction() as session:
            return relations.link(session, self.actor, positive_id(organisation_id, "organisation_id"), valid)

    @rpc
    def add_note(self, customer_id: int, author: str, data: dict) -> dict:
        """Add a chronological note (who said what). Returns NoteOut. Raises NotFound,
        InvalidInput."""
        valid = load(NoteIn, data)
        with self.db.transaction() as session:
            return relations.note(session, positive_id(customer_id, "customer_id"), author, valid["text"])

    @rpc
    def list_notes(self, customer_id: int, limit: int = 3) -> list[dict]:
        """The customer's newest notes first (NoteOut list)."""
        with self.db.read() as session:
            return dump(
                NoteOut,
                relations.latest_notes(
                    session, positive_id(customer_id, "customer_id"), min(int(limit), 500)
                ),
                many=True,
            )

    @rpc
    def add_log_entry(self, customer_id: int, author: str, data: dict) -> dict:
        """Add to the customer log (LogEntryIn: text, importance red|yellow|green,
        relevant_until, pop_up, remind_at_login). Returns LogEntryOut. Raises NotFound,
        InvalidInput."""
        valid = load(LogEntryIn, data)
        with self.db.transaction() as session:
            target = positive_id(customer_id, "customer_id")
            return customer_log.add(session, self.actor, target, author, valid, utcnow().date())

    @rpc
    def customer_log(self, customer_id: int) -> list[dict]:
        """The log entries still relevant, red first (LogEntryOut list)."""
        with self.db.read() as session:
            entries = customer_log.current(session, positive_id(customer_id, "customer_id"), utcnow().date())
            return dump(LogEntryOut, entries, many=True)

    @rpc
    def log_at_login(self, author: str) -> list[dict]:
        """The author's "remind me at login" entries still relevant, with customer names."""
        with self.db.read() as session:
            return customer_log.reminders(session, author, utcnow().date())

    # -- smart selections and their read model (C10) ---------------------------------------

    @rpc
    def save_selection(self, data: dict, by: str) -> dict:
        """Save a named selection (SelectionIn); its criteria are checked and it runs once.
        Returns SelectionOut with `last_size`. Raises InvalidInput naming the criterion's
        path, Conflict (name taken)."""
        valid = load(SelectionIn, data)
        with self.db.transaction() as session:
            saved = saved_selections.save(
                session, valid["name"], valid["criteria"], by, self._region(), utcnow()
            )
            return dump(SelectionOut, saved)

    @rpc
    def list_selections(self) -> list[dict]:
        with self.db.read() as session:
            return dump(SelectionOut, saved_selections.listed(session), many=True)

    @rpc
    def run_selection(self, selection_id: int) -> dict:
        """Run a saved selection again: SelectionOut with the size now."""
        with self.db.transaction() as session:
            saved = saved_selections.get(session, positive_id(selection_id, "selection_id"))
            saved_selections.run(session, saved, self._region(), utcnow())
            return dump(SelectionOut, saved)

    @rpc
    def preview_selection(self, data: dict) -> dict:
        """How many customers the criteria (CriteriaIn) find, without saving them."""
        valid = load(CriteriaIn, data)
        criteria = selections.validate(valid["criteria"])
        with self.db.read() as session:
            return {"size": selections.size(session, criteria, self._region(), utcnow())}

    @rpc
    def selection_members(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """The customers a saved selection finds, by id, a page at a time
        (CustomerSummary list; pass the last id as `after_id` for the next page)."""
        return self._selected(selection_id, limit, after_id, CustomerSummary)

    @rpc
    def selection_contacts(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """Like selection_members, with what it takes to write to each (ContactOut list):
        a campaign's page."""
        return self._selected(selection_id, limit, after_id, ContactOut)

    def _selected(self, selection_id: int, limit: int, after_id: int, schema: type[Schema]) -> list[dict]:
        selection_id = positive_id(selection_id, "selection_id")
        with self.db.read() as session:
            found = saved_selections.members_page(
                session, selection_id, self._region(), utcnow(), min(int(limit), 1000), int(after_id)
            )
            return dump(schema, found, many=True)

    # -- predictions (C13) -----------------------------------------------------------------

    @rpc
    def train_predictions(self, horizon_days: int = 90) -> dict:
        """Learn from the read model, judge on the held-back period, score everyone.
        Returns PredictionModelOut (its scores). For a large register use the command
        `python -m services.customer.train_predictions`."""
        horizon = positive_id(horizon_days, "horizon_days")
        with self.db.transaction() as session:
            return dump(PredictionModelOut, predictions.train(session, utcnow(), horizon))

    @rpc
    def prediction_model(self) -> dict | None:
        """The latest model's report (PredictionModelOut), or None before the first."""
        with self.db.read() as session:
            found = predictions.latest_model(session)
            return dump(PredictionModelOut, found) if found else None

    @rpc
    def prediction(self, customer_id: int) -> dict | None:
        """The customer's scores (PredictionOut), or None when the model has none."""
        with self.db.read() as session:
            found = predictions.of(session, positive_id(customer_id, "customer_id"))
            return dump(PredictionOut, found) if found else None

    @event_handler("order", "order_placed")
    @handles_once(ProcessedEvent)
    def on_order_placed(self, session, payload):
        """What the customer bought, for selections (C10)."""
        selection_model.add_purchases(session, payload["data"])

    @event_handler("order", "order_cancelled")
    @handles_once(ProcessedEvent)
    def on_order_cancelled(self, session, payload):
        selection_model.remove_order(session, payload["data"]["order_id"])

    @event_handler("messaging", "message_sent")
    @handles_once(ProcessedEvent)
    def on_message_sent(self, session, payload):
        """A message that reached a customer: a mailing they received, and a contact."""
        if payload["data"].get("customer_id"):
            selection_model.add_mailing(session, payload["data"])

    @event_handler("case", "case_opened")
    @handles_once(ProcessedEvent)
    def on_case_opened(self, session, payload):
        """A case is a contact with the customer."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["occurred_at"])

    @event_handler("case", "case_message_received")
    @handles_once(ProcessedEvent)
    def on_case_message_received(self, session, payload):
        """A customer writing again on a case is a contact too."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["occurred_at"])

    @event_handler("telephony", "call_ended")
    @handles_once(ProcessedEvent)
    def on_call_ended(self, session, payload):
        """A finished call with a known customer counts as the last contact."""
        relations.contacted(session, payload["data"].get("customer_id"), payload["data"]["ended_at"])

    # -- data-protection requests (GDPR art. 15 and 17): personal_data.py --------------------

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the register holds on a person (see personal_data.export). Raises
        NotFound."""
        with self.db.read() as session:
            return personal_data.export(
                session, positive_id(customer_id, "customer_id"), self._region(), utcnow()
            )

    @rpc
    def erase_customer(self, customer_id: int, erased_by: str, reason: str) -> dict:
        """Erase a person's data, keeping the bookkeeping (see personal_data.erase):
        {"customer_id", "customer_ids" (with the ids merged into it), "erased_at",
        "already_erased"}. Erasing again changes nothing. Raises NotFound, InvalidInput
        (an organisation). Emits `customer_erased`, on which every service erases its part."""
        target = positive_id(customer_id, "customer_id")
        with self.db.transaction() as session:
            return personal_data.erase_customer(session, target, erased_by, reason, utcnow())

"""Customer service entrypoints: parse, call the register, dump. Nothing else."""

from __future__ import annotations

from datetime import datetime

from nameko.events import event_handler

from crm_common.acting import Acting, Actor
from crm_common.audit import record_act
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import load, positive_id
from crm_common.entrypoints import rpc
from crm_common.errors import DuplicateSuspected, InvalidInput
from crm_common.health import Pingable
from crm_common.idempotency import handles_once
from crm_common.outbox import UNTIL_PUBLISHED, OutboxRelay, record
from crm_common.phones import NotAPhoneNumber, to_e164
from crm_common.storage import Database
from services.customer import (
    address_blocks,
    address_warnings,
    audit_trail,
    credit_terms,
    customer_log,
    duplicate_groups,
    duplicate_scan,
    importing,
    intake,
    merging,
    personal_data,
    predictions,
    register,
    relations,
    review,
    saved_selections,
    selection_model,
    selections,
    updating,
)
from services.customer import schemas as s
from services.customer.address_warnings import AddressWarning
from services.customer.matching import Match
from services.customer.models import Customer, OutboxMessage, ProcessedEvent
from services.customer.scoring import Thresholds


class CustomerService(Pingable):
    name = "customer"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    actor = Actor()

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
        valid = load(s.customer_create, data)
        credit_terms.check_change(self.actor, valid)
        region = load_settings().default_region
        with self.db.transaction() as session:
            matches = intake.look_alikes(session, valid, region)
            if not confirm_new and any(m["verdict"] == "duplicate" for m in matches):
                raise DuplicateSuspected(
                    "this looks like a customer already in the register; confirm it is new to create it",
                    {"customer": "probable duplicate"},
                    matches,
                )
            customer = intake.create(session, valid, region)
            credit_terms.audit(session, OutboxMessage, self.actor, customer, credit_terms.NONE)
            found = address_warnings.warnings(session, valid.get("addresses"), customer.country)
            self._act(session, "customer_created", customer.id, audit_trail.created(customer))
            return {**self._dump(session, customer), "matches": matches, "warnings": found}

    @rpc
    def submit_registration(self, data: dict, submitted_by: str) -> dict:
        """A customer registering from outside (RegistrationIn: customer, source web_order |
        self_registration | import | api, reference). Clean ones are created at once:
        {"status": "created", "customer_id"}. A look-alike or a blocked or doubtful address
        waits for an agent: {"status": "pending_review", "review_id"}, and
        `review_requested` is emitted. Raises InvalidInput (fields under "customer.")."""
        valid = load(s.registration_in, data)
        try:
            customer_data = load(s.customer_create, valid["customer"])
        except InvalidInput as err:
            raise InvalidInput(err.message, {f"customer.{k}": v for k, v in err.fields.items()}) from None
        credit_terms.check_change(self.actor, customer_data)
        with self.db.transaction() as session:
            out = intake.register_or_hold(
                session,
                valid["customer"],
                customer_data,
                valid["source"],
                valid["reference"],
                submitted_by,
                load_settings().default_region,
            )
            if out["status"] == "created":
                created = register.get_customer(session, out["customer_id"])
                self._act(session, "customer_created", created.id, audit_trail.created(created))
                credit_terms.audit(session, OutboxMessage, self.actor, created, credit_terms.NONE)
            return {k: out[k] for k in ("status", "customer_id", "review_id")}

    @rpc
    def start_import(self, data: dict, started_by: str) -> dict:
        """Import customers from CSV (ImportIn: csv text, mapping of fields to columns,
        mode review | link | skip). Every row is matched on the way in. Returns the job
        (ImportOut, status "queued"); it runs in the background: follow it with
        get_import. Raises InvalidInput (a mapped column the file lacks, a bad mode).
        Emits `import_started`."""
        valid = load(s.import_in, data)
        with self.db.transaction() as session:
            job = importing.new_job(session, valid, started_by)
            record(session, OutboxMessage, "import_started", {"import_id": job.id})
            return s.import_out.dump(job)

    @rpc
    def get_import(self, import_id: int) -> dict:
        """An import's progress and report (ImportOut). Raises NotFound."""
        with self.db.read() as session:
            return s.import_out.dump(importing.get_job(session, positive_id(import_id, "import_id")))

    @event_handler("customer", "import_started")
    def on_import_started(self, payload):
        """Run the import batch by batch; each batch commits with its progress, so a
        restart (the event is delivered again) carries on where it stopped."""
        import_id = payload["data"]["import_id"]
        region = load_settings().default_region
        finished = False
        while not finished:
            with self.db.transaction() as session:
                job = importing.get_job(session, import_id)
                was_done = job.status == "done"
                finished = importing.process_batch(session, job, region)
                if finished and not was_done:  # one act per import, with the file's last batch
                    record_act(
                        session,
                        OutboxMessage,
                        Acting(job.started_by),
                        "customers_imported",
                        target=f"import {job.id}",
                        details=audit_trail.import_summary(job),
                    )

    @rpc
    def start_duplicate_scan(self, started_by: str) -> dict:
        """Look for duplicate pairs across the whole register, in the background. Returns
        the scan (DuplicateScanOut); follow it with duplicate_report. Emits
        `duplicate_scan_started`."""
        with self.db.transaction() as session:
            scan = duplicate_scan.start(session, started_by)
            record(session, OutboxMessage, "duplicate_scan_started", {"scan_id": scan.id})
            return s.scan_out.dump(scan)

    @rpc
    def duplicate_report(
        self, scan_id: int | None = None, limit: int = 100, verdict: str | None = None
    ) -> dict:
        """A scan's progress and its pairs, most alike first: {"scan": DuplicateScanOut,
        "pairs": [{"first", "second", "score", "verdict", "reasons"}]}. The newest scan
        unless `scan_id` is given. Raises NotFound when none has run."""
        with self.db.read() as session:
            scan = duplicate_scan.get_scan(
                session, None if scan_id is None else positive_id(scan_id, "scan_id")
            )
            return {
                "scan": s.scan_out.dump(scan),
                "pairs": duplicate_scan.report(session, scan, min(int(limit), 1000), verdict),
            }

    @rpc
    def duplicate_groups(self, scan_id: int | None = None, limit: int = 100) -> dict:
        """Customers a finished scan found to be one, biggest group first: {"scan":
        DuplicateScanOut, "groups": DuplicateGroupOut list (members, and the ties that say
        why)}. The newest scan unless `scan_id` is given; empty while it runs. Raises
        NotFound."""
        with self.db.read() as session:
            scan = duplicate_scan.get_scan(
                session, None if scan_id is None else positive_id(scan_id, "scan_id")
            )
            return {
                "scan": s.scan_out.dump(scan),
                "groups": duplicate_groups.listing(session, scan, min(int(limit), 1000)),
            }

    @event_handler("customer", "duplicate_scan_started")
    def on_duplicate_scan_started(self, payload):
        """Walk the register slice by slice; each slice commits with the scan's progress."""
        scan_id = payload["data"]["scan_id"]
        thresholds, cache = Thresholds.from_env(), duplicate_scan.ProfileCache()
        finished = False
        while not finished:
            with self.db.transaction() as session:
                scan = duplicate_scan.get_scan(session, scan_id)
                finished = duplicate_scan.step(session, scan, thresholds, cache=cache)

    @rpc
    def list_review(self, limit: int = 100) -> list[dict]:
        """Registrations waiting for a decision, oldest first (ReviewItemOut list)."""
        with self.db.read() as session:
            return s.review_out.dump(review.pending(session, min(int(limit), 500)), many=True)

    @rpc
    def get_review(self, review_id: int) -> dict:
        """One review item, pending or decided (ReviewItemOut). Raises NotFound."""
        with self.db.read() as session:
            return s.review_out.dump(review.get_item(session, positive_id(review_id, "review_id")))

    @rpc
    def decide_review(self, review_id: int, data: dict, decided_by: str) -> dict:
        """Decide a waiting registration (DecisionIn): `approve` creates it as a new
        customer; `merge` creates it and folds it into `into` (nothing of it is lost);
        `reject` drops it. Returns the ReviewItemOut. Raises NotFound, Conflict (already
        decided), InvalidInput. Emits `review_decided` with the customer it became."""
        valid = load(s.decision_in, data)
        region = load_settings().default_region
        with self.db.transaction() as session:
            item = review.get_item(session, positive_id(review_id, "review_id"), for_update=True)
            review.ensure_pending(item)
            customer_id = None
            if valid["decision"] in ("approve", "merge"):
                created = intake.create(session, load(s.customer_create, item.data), region)
                customer_id = created.id
                self._act(session, "customer_created", created.id, audit_trail.created(created))
                credit_terms.audit(session, OutboxMessage, self.actor, created, credit_terms.NONE)
                if valid["decision"] == "merge":
                    snapshot = self._dump(session, created)
                    terms = credit_terms.terms_at(session, valid["into"])
                    done = merging.merge(session, valid["into"], created.id, decided_by, snapshot)
                    survivor = session.get(Customer, done.survivor_id)
                    credit_terms.audit(session, OutboxMessage, self.actor, survivor, terms)
                    record(
                        session,
                        OutboxMessage,
                        "customer_merged",
                        {"survivor_id": done.survivor_id, "merged_id": done.merged_id},
                    )
                    self._merged(session, done)
                    customer_id = done.survivor_id
            status = {"approve": "approved", "merge": "merged", "reject": "rejected"}[valid["decision"]]
            review.decide(session, item, status, decided_by, customer_id, valid.get("note"))
            record(
                session,
                OutboxMessage,
                "review_decided",
                {
                    "review_id": item.id,
                    "status": status,
                    "customer_id": customer_id,
                    "source": item.source,
                    "reference": item.reference,
                },
            )
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "review_decided",
                customer_id=customer_id,
                target=f"review {item.id}",
                details=audit_trail.decision(item),
            )
            return s.review_out.dump(item)

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
            snapshot = self._dump(session, register.get_customer(session, merged_id))
            terms = credit_terms.terms_at(session, survivor_id)
            done = merging.merge(session, survivor_id, merged_id, merged_by, snapshot)
            credit_terms.audit(
                session, OutboxMessage, self.actor, session.get(Customer, done.survivor_id), terms
            )
            record(
                session,
                OutboxMessage,
                "customer_merged",
                {"survivor_id": done.survivor_id, "merged_id": done.merged_id},
            )
            self._merged(session, done)
            return self._dump(session, register.get_customer(session, survivor_id))

    @rpc
    def list_merges(self, customer_id: int) -> list[dict]:
        """The merges a customer took part in, oldest first (MergeOut list, with the merged
        customer's snapshot)."""
        with self.db.read() as session:
            return s.merge_out.dump(
                merging.merges_of(session, positive_id(customer_id, "customer_id")), many=True
            )

    @rpc
    def match_customer(self, data: dict) -> list[Match]:
        """Look-alikes of an unsaved person or organisation (CustomerCreate), best first:
        [{"customer": {id, kind, name, country}, "score": 0..1, "verdict": "duplicate" |
        "review" | "distinct", "reasons": {field: {"agreement", "weight", "similarity"}}}].
        Raises InvalidInput."""
        valid = load(s.customer_create, data)
        with self.db.read() as session:
            return intake.look_alikes(session, valid, load_settings().default_region)

    @rpc
    def get_customer(self, customer_id: int) -> dict:
        """The CustomerOut with current addresses, address history and employments. An id
        that was merged away gives the customer it was merged into. Raises NotFound."""
        with self.db.read() as session:
            return self._dump(session, merging.resolve(session, positive_id(customer_id, "customer_id")))

    @rpc
    def get_terms(self, customer_id: int) -> dict:
        """What an order needs of a customer, and nothing more (cheap): {id, name,
        credit_limit, discount_percent}, following merges. Raises NotFound."""
        with self.db.read() as session:
            customer = merging.resolve(session, positive_id(customer_id, "customer_id"))
            return s.customer_terms.dump(customer)

    @rpc
    def update_customer(self, customer_id: int, changes: dict) -> dict:
        """Change some fields (CustomerUpdate). A new address of a kind closes the old one,
        which stays in address_history. Returns CustomerOut plus `warnings` about the new
        addresses. Raises NotFound, InvalidInput. Emits `customer_updated`."""
        valid = load(s.customer_update, changes)
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
        valid = load(s.own_details_in, data)
        with self.db.transaction() as session:
            return updating.update_own_details(
                session, self.actor, positive_id(customer_id, "customer_id"), valid, utcnow().date()
            )

    @rpc
    def create_address_block(self, data: dict, author: str) -> dict:
        """Block a postal code, a postal-code range, a street in a town or one address
        (AddressBlockIn); customers created or moved there get a warning. Returns
        AddressBlockOut. Raises InvalidInput."""
        valid = load(s.block_in, data)
        with self.db.transaction() as session:
            block = address_blocks.create_block(session, valid, author, load_settings().default_region)
            out = s.block_out.dump(block)
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "address_block_created",
                target=f"address block {block.id}",
                details={"changes": audit_trail.field_changes({}, audit_trail.block_fields(block))},
            )
            return out

    @rpc
    def list_address_blocks(self) -> list[dict]:
        """Every address block (AddressBlockOut list)."""
        with self.db.read() as session:
            return s.block_out.dump(address_blocks.list_blocks(session), many=True)

    @rpc
    def delete_address_block(self, block_id: int) -> None:
        """Lift a block. Raises NotFound."""
        with self.db.transaction() as session:
            block = address_blocks.delete_block(session, positive_id(block_id, "block_id"))
            described = audit_trail.block_fields(block)
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "address_block_deleted",
                target=f"address block {block_id}",
                details={"changes": audit_trail.field_changes(described, dict.fromkeys(described))},
            )

    @rpc
    def check_addresses(self, addresses: list, country: str | None = None) -> list[AddressWarning]:
        """Warnings for addresses (AddressIn list) without storing anything: blocked,
        unknown postal code, or a town the postal register does not place there."""
        valid = load(
            s.addresses_in,
            {"addresses": addresses} if country is None else {"addresses": addresses, "country": country},
        )
        with self.db.read() as session:
            return address_warnings.warnings(
                session, valid["addresses"], country or load_settings().default_region
            )

    @rpc
    def search_customers(self, text: str, limit: int = 50) -> list[dict]:
        """Customers whose name contains `text`, or whose phone (any format), e-mail,
        national/org id or customer number is `text`. Returns CustomerOut list."""
        with self.db.read() as session:
            found = register.search_customers(
                session, text, load_settings().default_region, min(int(limit), 200)
            )
            return [s.customer_out.dump(c) for c in found]

    @rpc
    def find_by_email(self, address: str) -> list[dict]:
        """Who writes from this address: the customers holding it (persons first), as
        CustomerSummary, oldest first."""
        with self.db.read() as session:
            return s.summary_out.dump(register.find_by_email(session, str(address)), many=True)

    @rpc
    def find_by_phone(self, number: str, region: str | None = None) -> list[dict]:
        """Who owns this number. `number` in any format, read as `region` (default: the
        configured region). Returns [{"customer": summary, "organisations": [summary],
        "e164": ...}], persons with the organisations they currently work for.
        Raises InvalidInput when `number` cannot be a phone number."""
        try:
            e164 = to_e164(number, region or load_settings().default_region)
        except NotAPhoneNumber:
            raise InvalidInput("not a phone number", {"number": "not a phone number"}) from None
        with self.db.read() as session:
            matches = []
            for customer in register.find_by_phone(session, e164):
                orgs = []
                if customer.kind == "person":
                    orgs = [
                        {"id": e["organisation_id"], "name": e["organisation_name"]}
                        for e in relations.employments(session, customer.id, current_only=True)
                        if e["person_id"] == customer.id
                    ]
                matches.append(
                    {"customer": s.summary_out.dump(customer), "organisations": orgs, "e164": e164}
                )
            return matches

    @rpc
    def link_person(self, organisation_id: int, data: dict) -> dict:
        """Tie a person to an organisation (job title, period, contact person, newsletter
        recipient). Returns EmploymentOut. Raises NotFound, InvalidInput."""
        valid = load(s.employment_in, data)
        with self.db.transaction() as session:
            linked = relations.link_person(session, positive_id(organisation_id, "organisation_id"), valid)
            out = s.employment_out.dump(linked)
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "contact_person_linked",
                customer_id=out["organisation_id"],
                target=f"customer {out['person_id']}",
                details={"changes": audit_trail.field_changes({}, audit_trail.link_fields(out))},
            )
            return out

    @rpc
    def add_note(self, customer_id: int, author: str, data: dict) -> dict:
        """Add a chronological note (who said what). Returns NoteOut. Raises NotFound,
        InvalidInput."""
        valid = load(s.note_in, data)
        with self.db.transaction() as session:
            target = merging.resolve(session, positive_id(customer_id, "customer_id")).id
            note = relations.add_note(session, target, author, valid["text"])
            return s.note_out.dump(note)

    @rpc
    def list_notes(self, customer_id: int, limit: int = 3) -> list[dict]:
        """The customer's newest notes first (NoteOut list)."""
        with self.db.read() as session:
            return s.note_out.dump(
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
        valid = load(s.log_entry_in, data)
        with self.db.transaction() as session:
            target = merging.resolve(session, positive_id(customer_id, "customer_id")).id
            entry = customer_log.add_entry(session, target, author, valid, utcnow().date())
            out = s.log_entry_out.dump(entry)
            record_act(
                session,
                OutboxMessage,
                self.actor,
                "log_entry_added",
                customer_id=target,
                target=f"log entry {entry.id}",
                details={"changes": audit_trail.field_changes({}, audit_trail.log_fields(out))},
            )
            return out

    @rpc
    def customer_log(self, customer_id: int) -> list[dict]:
        """The log entries still relevant, red first (LogEntryOut list)."""
        with self.db.read() as session:
            entries = customer_log.current(session, positive_id(customer_id, "customer_id"), utcnow().date())
            return s.log_entry_out.dump(entries, many=True)

    @rpc
    def log_at_login(self, author: str) -> list[dict]:
        """The author's "remind me at login" entries still relevant, with customer names."""
        with self.db.read() as session:
            return [
                {**s.log_entry_out.dump(entry), "customer_name": name}
                for entry, name in customer_log.at_login(session, author, utcnow().date())
            ]

    # -- smart selections and their read model (C10) ---------------------------------------

    @rpc
    def save_selection(self, data: dict, by: str) -> dict:
        """Save a named selection (SelectionIn); its criteria are checked and it runs once.
        Returns SelectionOut with `last_size`. Raises InvalidInput naming the criterion's
        path, Conflict (name taken)."""
        valid = load(s.selection_in, data)
        with self.db.transaction() as session:
            saved = saved_selections.save(
                session, valid["name"], valid["criteria"], by, load_settings().default_region, utcnow()
            )
            return s.selection_out.dump(saved)

    @rpc
    def list_selections(self) -> list[dict]:
        with self.db.read() as session:
            return s.selection_out.dump(saved_selections.listed(session), many=True)

    @rpc
    def run_selection(self, selection_id: int) -> dict:
        """Run a saved selection again: SelectionOut with the size now."""
        with self.db.transaction() as session:
            saved = saved_selections.get(session, positive_id(selection_id, "selection_id"))
            saved_selections.run(session, saved, load_settings().default_region, utcnow())
            return s.selection_out.dump(saved)

    @rpc
    def preview_selection(self, data: dict) -> dict:
        """How many customers the criteria (CriteriaIn) find, without saving them."""
        valid = load(s.criteria_in, data)
        criteria = selections.validate(valid["criteria"])
        with self.db.read() as session:
            return {"size": selections.size(session, criteria, load_settings().default_region, utcnow())}

    @rpc
    def selection_members(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """The customers a saved selection finds, by id, a page at a time
        (CustomerSummary list; pass the last id as `after_id` for the next page)."""
        return self._selected(selection_id, limit, after_id, s.summary_out)

    @rpc
    def selection_contacts(self, selection_id: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """Like selection_members, with what it takes to write to each (ContactOut list):
        a campaign's page."""
        return self._selected(selection_id, limit, after_id, s.contact_out)

    def _selected(self, selection_id, limit, after_id, schema) -> list[dict]:
        with self.db.read() as session:
            saved = saved_selections.get(session, positive_id(selection_id, "selection_id"))
            found = selections.members(
                session,
                saved.criteria,
                load_settings().default_region,
                utcnow(),
                min(int(limit), 1000),
                int(after_id),
            )
            return schema.dump(found, many=True)

    # -- predictions (C13) -----------------------------------------------------------------

    @rpc
    def train_predictions(self, horizon_days: int = 90) -> dict:
        """Learn from the read model, judge on the held-back period, score everyone.
        Returns PredictionModelOut (its scores). For a large register use the command
        `python -m services.customer.train_predictions`."""
        horizon = positive_id(horizon_days, "horizon_days")
        with self.db.transaction() as session:
            return s.prediction_model_out.dump(predictions.train(session, utcnow(), horizon))

    @rpc
    def prediction_model(self) -> dict | None:
        """The latest model's report (PredictionModelOut), or None before the first."""
        with self.db.read() as session:
            found = predictions.latest_model(session)
            return s.prediction_model_out.dump(found) if found else None

    @rpc
    def prediction(self, customer_id: int) -> dict | None:
        """The customer's scores (PredictionOut), or None when the model has none."""
        with self.db.read() as session:
            found = predictions.of(session, positive_id(customer_id, "customer_id"))
            return s.prediction_out.dump(found) if found else None

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
        self._contacted(session, payload)

    @event_handler("case", "case_message_received")
    @handles_once(ProcessedEvent)
    def on_case_message_received(self, session, payload):
        """A customer writing again on a case is a contact too."""
        self._contacted(session, payload)

    @staticmethod
    def _contacted(session, payload) -> None:
        customer_id = payload["data"].get("customer_id")
        if customer_id:
            relations.record_contact(session, customer_id, datetime.fromisoformat(payload["occurred_at"]))

    @event_handler("telephony", "call_ended")
    @handles_once(ProcessedEvent)
    def on_call_ended(self, session, payload):
        """A finished call with a known customer counts as the last contact."""
        data = payload["data"]
        if data.get("customer_id"):
            relations.record_contact(session, data["customer_id"], datetime.fromisoformat(data["ended_at"]))

    def _changed(self, session, customer, before: dict) -> None:
        """The audit trail's `customer_updated`, when any field did change."""
        found = audit_trail.field_changes(before, audit_trail.snapshot(customer))
        if found:
            self._act(session, "customer_updated", customer.id, found)

    def _act(self, session, action: str, customer_id: int, found: list) -> None:
        record_act(
            session, OutboxMessage, self.actor, action, customer_id=customer_id, details={"changes": found}
        )

    def _merged(self, session, done) -> None:
        """The audit trail's `customers_merged`, on the survivor, naming the merged-away."""
        record_act(
            session,
            OutboxMessage,
            self.actor,
            "customers_merged",
            customer_id=done.survivor_id,
            target=f"customer {done.merged_id}",
            details={"survivor_id": done.survivor_id, "merged_id": done.merged_id, "merge_id": done.id},
        )

    # -- data-protection requests (GDPR art. 15 and 17): personal_data.py --------------------

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """Everything the register holds on a person (see personal_data.export). Raises
        NotFound."""
        with self.db.read() as session:
            return personal_data.export(
                session, positive_id(customer_id, "customer_id"), load_settings().default_region, utcnow()
            )

    @rpc
    def erase_customer(self, customer_id: int, erased_by: str, reason: str) -> dict:
        """Erase a person's data, keeping the bookkeeping (see personal_data.erase):
        {"customer_id", "customer_ids" (with the ids merged into it), "erased_at",
        "already_erased"}. Erasing again changes nothing. Raises NotFound, InvalidInput
        (an organisation). Emits `customer_erased`, on which every service erases its part."""
        with self.db.transaction() as session:
            target = positive_id(customer_id, "customer_id")
            held = personal_data.contacts(session, target)  # for the event: read before the erasure
            customer, ids, now = personal_data.erase(session, target, utcnow())
            out = {
                "customer_id": customer.id,
                "customer_ids": ids,
                "erased_at": customer.erased_at.isoformat(),
            }
            if now:
                data = {**out, "erased_by": erased_by, "reason": reason, UNTIL_PUBLISHED: held}
                record(session, OutboxMessage, "customer_erased", data)
            return {**out, "already_erased": not now}

    def _dump(self, session, customer) -> dict:
        out = s.customer_out.dump(customer)
        out["employments"] = s.employment_out.dump(relations.employments(session, customer.id), many=True)
        return out

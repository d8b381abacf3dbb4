"""Duplicates (C2, C7): the scan of the whole register, its report of pairs and groups,
and merges."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.config import load_settings
from crm_common.contracts import dump, positive_id
from crm_common.contracts.customer.duplicates import MergeOut
from crm_common.entrypoints import rpc
from services.customer import duplicate_scan, merges, merging
from services.customer.entrypoints import CustomerEntrypoints
from services.customer.verdicts import Thresholds


class DuplicatesEntrypoints(CustomerEntrypoints):
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

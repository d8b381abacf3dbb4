"""CSV imports (C11): every row matched on the way in, run in the background."""

from __future__ import annotations

from nameko.events import event_handler

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.imports import ImportIn, ImportOut
from crm_common.entrypoints import rpc
from services.customer import importing
from services.customer.entrypoints import CustomerEntrypoints


class ImportEntrypoints(CustomerEntrypoints):
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

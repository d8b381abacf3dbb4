"""CSV import with matching on the way in (C11).

The file is read as UTF-8 (with or without BOM) or, failing that, Windows-1252, the two
encodings Nordic spreadsheet exports come in; the delimiter (, ; tab) is detected. A broken
row is reported with its line number and does not stop or spoil the rest.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.clock import utcnow
from crm_common.contracts import dump, load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.contracts.customer.imports import IMPORT_TARGETS, ImportOut
from crm_common.errors import InvalidInput, NotFound
from crm_common.outbox import record
from crm_common.storage import UnitOfWork
from crm_common.uploads import decode_upload
from services.customer import audit_trail, intake, register
from services.customer.models import ImportJob, OutboxMessage

PHONES = ("phone", "mobile", "phone2")
BATCH = 200
REPORT_LIMIT = 10_000
HOLD = ("duplicate", "review")
_create_schema = CustomerCreate()
EMAILS = ("email", "email2")
ADDRESS = {"street": "street", "postal_code": "postal_code", "city": "city", "address_country": "country"}
# Every other target the contract allows is a plain field of the customer.
SCALARS = tuple(t for t in IMPORT_TARGETS if t not in (*PHONES, *EMAILS, *ADDRESS, "kind"))


def reader(text: str) -> csv.DictReader[str]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)


def check_mapping(text: str, mapping: dict[str, str]) -> tuple[list[str], int]:
    """The file's columns and its number of data rows; InvalidInput when the mapping
    names a column the file does not have."""
    rows = reader(text)
    columns = list(rows.fieldnames or [])
    missing = {
        target: f"no column {column!r} in the file (it has: {', '.join(columns)})"
        for target, column in mapping.items()
        if not column.startswith("=") and column not in columns
    }
    if missing:
        raise InvalidInput(
            "the mapping names columns the file does not have",
            {f"mapping.{k}": v for k, v in missing.items()},
        )
    return columns, sum(1 for _ in rows)


def rows(text: str, start: int = 0) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row dict) for data rows from the `start`-th on (0-based)."""
    data = reader(text)
    for index, row in enumerate(data):
        if index >= start:
            yield data.line_num, row


def customer_data(row: dict[str, str], mapping: dict[str, str]) -> dict[str, Any]:
    """A CustomerCreate request from one CSV row."""

    def value(target: str) -> str | None:
        column = mapping.get(target)
        if column is None:
            return None
        raw = column[1:] if column.startswith("=") else row.get(column)
        raw = (raw or "").strip()
        return raw or None

    data: dict[str, Any] = {"kind": (value("kind") or "person").lower()}
    for target in SCALARS:
        if value(target) is not None:
            data[target] = value(target)
    phones = [{"number": value(t), "label": t if t != "phone2" else "phone"} for t in PHONES if value(t)]
    emails = [{"address": value(t)} for t in EMAILS if value(t)]
    if phones:
        data["phones"] = phones
    if emails:
        data["emails"] = emails
    address = {field: value(target) for target, field in ADDRESS.items() if value(target)}
    if address:
        data["addresses"] = [address]
    return data


def get_job(session: Session, import_id: int) -> ImportJob:
    job = session.get(ImportJob, import_id)
    if job is None:
        raise NotFound(f"import {import_id} does not exist", {"import_id": "not found"})
    return job


def new_job(session: Session, data: dict[str, Any], started_by: str) -> ImportJob:
    text = decode_upload(data["csv"])
    _, total = check_mapping(text, data["mapping"])
    job = ImportJob(
        status="queued",
        mode=data["mode"],
        filename=data["filename"],
        content=text,
        mapping=data["mapping"],
        total=total,
        done=0,
        created=0,
        queued=0,
        skipped=0,
        failed=0,
        report=[],
        started_by=started_by,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def process_batch(session: Session, job: ImportJob, region: str, size: int = BATCH) -> bool:
    """Import the next `size` rows; True once the whole file is done. The caller commits,
    and `done` commits with the rows it counts.

    The uploaded file is dropped with the last batch (`content` blanked): it holds every
    row's personal data, and an erasure could not reliably find a person's row in it (a
    row that failed or went to review names no customer; the spelling in the file is not
    the register's). Nothing needs it once the rows are in: the report keeps line numbers,
    outcomes and the ids. Simpler and safer than editing stored files on erasure."""
    job.status = "running"
    report = list(job.report)
    for line, row in itertools.islice(rows(job.content, job.done), size):
        entry = _row(session, job, line, row, region)
        if entry and len(report) < REPORT_LIMIT:
            report.append(entry)
        job.done += 1
    job.report = report
    if job.done >= job.total:
        job.status, job.finished_at, job.content = "done", utcnow(), ""
        return True
    return False


def _row(
    session: Session, job: ImportJob, line: int, row: dict[str, str], region: str
) -> dict[str, Any] | None:
    raw = customer_data(row, job.mapping)
    try:
        valid = load(_create_schema, raw)
        if job.mode == "review":
            out = intake.register_or_hold(
                session, raw, valid, "import", f"import {job.id} line {line}", job.started_by, region
            )
            if out["status"] == "created":
                job.created += 1
                return None
            job.queued += 1
            return {
                "line": line,
                "outcome": "queued",
                "review_id": out["review_id"],
                "look_alikes": [m["customer"]["id"] for m in out["matches"]],
            }
        register.validate(session, valid, region)
        alikes = [
            m["customer"]["id"] for m in intake.look_alikes(session, valid, region) if m["verdict"] in HOLD
        ]
        if alikes and job.mode == "skip":
            job.skipped += 1
            return {"line": line, "outcome": "skipped", "look_alikes": alikes}
        customer = intake.create(session, valid, region)
        job.created += 1
        if alikes:
            return {"line": line, "outcome": "linked", "customer_id": customer.id, "look_alikes": alikes}
        return None
    except InvalidInput as err:
        job.failed += 1
        return {"line": line, "outcome": "failed", "message": err.message, "fields": err.fields}


def start_import(session: Session, valid: dict[str, Any], started_by: str) -> dict[str, Any]:
    """A new import job (ImportIn, loaded), announced as `import_started`, on which it runs
    (run_import). Returns the ImportOut."""
    job = new_job(session, valid, started_by)
    record(session, OutboxMessage, "import_started", import_started(job))
    out: dict[str, Any] = dump(ImportOut, job)
    return out


def import_started(job: ImportJob) -> dict[str, Any]:
    """The `import_started` event."""
    return {"import_id": job.id}


def run_import(db: UnitOfWork, import_id: int, region: str) -> None:
    """Run the job batch by batch, each in its own transaction with its progress, so a
    restart carries on where it stopped. The file's last batch puts the import on the
    audit trail (`customers_imported`), once."""
    finished = False
    while not finished:
        with db.transaction() as session:
            job = get_job(session, import_id)
            was_done = job.status == "done"
            finished = process_batch(session, job, region)
            if finished and not was_done:
                record_act(
                    session,
                    OutboxMessage,
                    Acting(job.started_by),
                    "customers_imported",
                    target=f"import {job.id}",
                    details=audit_trail.import_summary(job),
                )

"""Import customers from a CSV file through the running customer service, with a progress
bar (C11):

    python -m services.customer.import_cli FILE --map given_name=Förnamn --map phone=Telefon \\
        [--mapping mapping.json] [--mode review|link|skip]

A mapping file is JSON: {"given_name": "Förnamn", "kind": "=person", ...}. Prints the
counts and every row worth a look (failed with its line number, queued, linked, skipped).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str] | None = None) -> int:
    import eventlet

    eventlet.monkey_patch()
    from nameko.standalone.rpc import ClusterRpcProxy

    from crm_common.config import load_settings
    from crm_common.errors import CrmError
    from crm_common.uploads import decode_upload

    args = _parser().parse_args(argv)
    try:
        text = decode_upload(args.file.read_bytes())
    except CrmError as err:
        return _refused(err)
    request = {"csv": text, "filename": args.file.name, "mapping": _mapping(args), "mode": args.mode}
    with ClusterRpcProxy({"AMQP_URI": load_settings().amqp_uri}, timeout=60) as rpc:
        try:
            job = rpc.customer.start_import(request, args.user)
        except CrmError as err:
            return _refused(err)
        job = _follow(rpc, job, args.file.name)
    _report(job)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.customer.import_cli")
    parser.add_argument("file", type=Path)
    parser.add_argument("--mapping", type=Path, help="JSON file: field → CSV column (or =constant)")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
    parser.add_argument("--mode", default="review", choices=("review", "link", "skip"))
    parser.add_argument("--user", default="import")
    return parser


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    """The mapping file's fields, with each --map laid over them."""
    mapping: dict[str, str] = json.loads(args.mapping.read_text()) if args.mapping else {}
    for pair in args.map:
        field, _, column = pair.partition("=")
        mapping[field.strip()] = column.strip()
    return mapping


def _follow(rpc: Any, job: dict[str, Any], name: str) -> dict[str, Any]:
    """The import's job once it is done, its progress shown as a bar meanwhile."""
    from tqdm import tqdm

    with tqdm(total=job["total"], unit="row", desc=name) as bar:
        while job["status"] != "done":
            time.sleep(0.3)
            job = rpc.customer.get_import(job["id"])
            bar.update(job["done"] - bar.n)
    return job


def _report(job: dict[str, Any]) -> None:
    """The counts, and every row worth a look."""
    print(
        f"import {job['id']}: {job['created']} created, {job['queued']} to review, "
        f"{job['skipped']} skipped, {job['failed']} failed of {job['total']} rows"
    )
    for entry in job["report"]:
        detail = entry.get("fields") or entry.get("look_alikes")
        print(f"  line {entry['line']}: {entry['outcome']} {detail}")


def _refused(err) -> int:
    print(f"refused: {err.message}", file=sys.stderr)
    for field, reason in err.fields.items():
        print(f"  {field}: {reason}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

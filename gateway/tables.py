"""Lists and statistics as JSON or, with `?format=csv`, as a CSV download (O10): what a
supervisor opens in a spreadsheet. Every cell goes through crm_common.csv_safety, so a
name like `=HYPERLINK(...)` arrives as text, not as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from werkzeug.wrappers import Response

from crm_common.csv_safety import safe_rows
from crm_common.errors import InvalidInput
from gateway.disclosures import exported
from gateway.routing import json_response

FORMAT_QUERY = {"format": "json (the default) or csv"}


def table(args: Mapping[str, str], rows: list[dict[str, Any]], columns: list[str], name: str) -> Response:
    wanted = args.get("format", "json")
    if wanted == "json":
        return json_response(200, rows)
    if wanted != "csv":
        raise InvalidInput("format is json or csv", {"format": "json or csv"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_rows(rows))  # no cell a spreadsheet would run as a formula
    response = Response(
        out.getvalue(),
        status=200,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
    return exported(response, name, len(rows))  # the audit trail's `exported`


# a page of rows after a cursor: fetch(after_id, limit) -> rows, each with an "id"
Fetch = Callable[[int, int], list[dict[str, Any]]]


def streamed_table(fetch: Fetch, columns: list[str], name: str, page: int = 1000) -> Response:
    """Every row `fetch` gives, page after page, as one CSV download written while it is
    read: a long list is never held whole in memory. The first page is asked for before
    the answer starts, so a wrong id is still a 404 and not a broken file."""
    first = fetch(0, page)
    response = Response(
        _csv_lines(fetch, first, columns, page),
        status=200,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
    return exported(response, name, None)  # how many rows is known only at the end


def _csv_lines(fetch: Fetch, rows: list[dict[str, Any]], columns: list[str], page: int) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    while True:
        writer.writerows(safe_rows(rows))  # no cell a spreadsheet would run as a formula
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(rows) < page:
            return
        rows = fetch(rows[-1]["id"], page)

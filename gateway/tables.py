"""Lists and statistics as JSON or, with `?format=csv`, as a CSV download (O10): what a
supervisor opens in a spreadsheet. Every cell goes through crm_common.csv_safety, so a
name like `=HYPERLINK(...)` arrives as text, not as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
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

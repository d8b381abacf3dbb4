"""Cells of a CSV export that a spreadsheet must not take for a formula (CSV injection).

A customer's name, a product's, a case's category or a seller's reach supervisors'
spreadsheets through the exports. A cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is read as a formula by Excel and LibreOffice (`=HYPERLINK(...)`, `=cmd|...`),
so such a cell gets a single quote in front, as OWASP advises: the spreadsheet then shows
the text as it was typed.

What is left alone: numbers typed as numbers (int, float, Decimal), and a string that is
nothing but a plain decimal number (`-120.00`: money travels as a string in our JSON, and a
credit note's negative amount must stay a number in the sheet; no formula can hide in it).
Every CSV export uses this, in the gateway (gateway/tables.py); the desk downloads the
gateway's file rather than writing its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: Any) -> Any:
    """The value as it may go into a cell: unchanged, or text with a quote in front."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}


def safe_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for csv.DictWriter, every cell through safe_cell."""
    return [safe_row(row) for row in rows]

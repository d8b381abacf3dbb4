"""No personal data in the logs: a logging filter every process's handler runs
(deploy/nameko.yaml), and the gateway's access log without query strings.

Why a filter and not care at each call: most of what reaches the log is not our own line.
nameko logs each refused call with the error's message ("user kund@example.se exists"),
a database error carries its statement and, on PostgreSQL, the offending value
(`Key (address)=(kund@example.se) already exists`), and eventlet logs the request line
with its query string (`GET /api/customers/search?q=Maja+Berg`). SQLAlchemy is told not
to put bound parameters in its errors (crm_common/storage.py); this filter takes out the
rest before a line is written:
- an answer we give on purpose (a CrmError) is logged as its type and the fields it
  names, never its message, and without a traceback;
- a query string is cut from anything that looks like a request line or a URL path;
- PostgreSQL's `Key (column)=(value)` keeps the column; e-mail addresses, international
  phone numbers and national ids as written are replaced wherever they still appear.
"""

from __future__ import annotations

import logging
import re

from crm_common.errors import CrmError

HIDDEN = "[hidden]"
_SCRUB = (
    # a request line or a path with its query string: keep the path
    (re.compile(r"((?:^|[\s\"'])/[^\s?\"']*)\?[^\s\"']*"), r"\1"),
    (re.compile(r"(https?://[^\s?\"']*)\?[^\s\"']*"), r"\1"),
    # PostgreSQL's detail of a constraint: the column, not the value
    (re.compile(r"(Key \([^)]*\))=\((?:[^()]|\([^)]*\))*\)"), r"\1=(" + HIDDEN + ")"),
    # SQLAlchemy's parameters, should an engine have been made without hide_parameters
    (re.compile(r"\[parameters: .*?\](?=\s*(?:\(|$))", re.S), "[parameters: " + HIDDEN + "]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), HIDDEN),
    (re.compile(r"\+\d{8,15}\b"), HIDDEN),
    # a Nordic national id as written (811228-9874, 19811228-9874, 010101A123B)
    (re.compile(r"\b(?:\d{2})?\d{6}[-+A]\d{3}[\dA-Z]\b"), HIDDEN),
)


def scrub(text: str) -> str:
    """`text` without query strings, constraint values, e-mail addresses and phone numbers."""
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def answer(exc: CrmError) -> str:
    """How a refusal is logged: its type and the fields it names, not its message."""
    return f"{type(exc).__name__}({', '.join(sorted(exc.fields)) or '-'})"


class NoPersonalData(logging.Filter):
    """Rewrites each record in place; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, CrmError):
            record.exc_info, record.exc_text = None, None
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            if any(isinstance(a, CrmError) for a in args):
                record.args = tuple(answer(a) if isinstance(a, CrmError) else a for a in args)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format is logging's to report, not ours
            return True
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True

"""The Content-Disposition of a file the gateway hands out under a name it did not choose
(a mail attachment's, a template's): any name is a valid header.

A header is Latin-1 on the wire: a name with other characters ("faktura €.pdf", an
emoji) made the server drop the connection, so the file could not be had at all. Such a
name goes as RFC 6266's `filename*` (UTF-8, percent-encoded) beside a plain ASCII
`filename` for old clients; control characters, line breaks and quotes never reach the
header."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

FALLBACK = "download"


def attachment(filename: str) -> str:
    """`attachment; filename="…"` and, when the name is not plain ASCII, `filename*`."""
    name = "".join(ch if ch.isprintable() else " " for ch in filename).replace('"', "").replace("\\", "")
    name = " ".join(name.split()) or FALLBACK
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = " ".join(ascii_name.split()) or FALLBACK
    if ascii_name == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"

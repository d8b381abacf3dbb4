"""Where is my parcel: the link to a carrier's tracking page, built from a table of known
carriers. The table is data: a carrier we do not know, or a tracking number that is not
a plain one, gets no link rather than a guessed one, and the number is escaped into the
address, never pasted."""

from __future__ import annotations

import re
from urllib.parse import quote

# carrier (as `carrier_key` folds it) → its public tracking page, `{number}` the parcel's
# tracking number. https only. Add a carrier here; aliases name the same page.
CARRIERS: dict[str, str] = {
    "postnord": "https://tracking.postnord.com/se/?id={number}",
    "dhl": "https://www.dhl.com/se-en/home/tracking.html?tracking-id={number}",
    "bring": "https://tracking.bring.com/tracking/{number}",
    "budbee": "https://tracking.budbee.com/{number}",
    "posti": "https://www.posti.fi/en/tracking#/lahetys/{number}",
    "gls": "https://gls-group.com/SE/en/parcel-tracking?match={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "dbschenker": "https://www.dbschenker.com/app/tracking-public/?refNumber={number}",
}
ALIASES: dict[str, str] = {
    "schenker": "dbschenker",
    "dhlexpress": "dhl",
    "dhlfreight": "dhl",
    "postensverige": "postnord",
}

# letters, digits and dashes, as every carrier above writes its numbers (spaces dropped)
_PLAIN_NUMBER = re.compile(r"^[A-Za-z0-9-]{4,60}$")


def carrier_key(carrier: str | None) -> str:
    """`DB Schenker`, `db-schenker` and `DBSchenker` are one carrier: letters and digits,
    lower case."""
    return re.sub(r"[^a-z0-9]", "", (carrier or "").lower())


def tracking_url(
    carrier: str | None, number: str | None, carriers: dict[str, str] | None = None
) -> str | None:
    """The carrier's tracking page for the parcel, or None when the carrier is unknown or
    the number is missing or not a plain tracking number."""
    table = CARRIERS if carriers is None else carriers
    key = carrier_key(carrier)
    pattern = table.get(ALIASES.get(key, key))
    plain = (number or "").replace(" ", "")
    if pattern is None or not _PLAIN_NUMBER.match(plain):
        return None
    return pattern.replace("{number}", quote(plain, safe=""))

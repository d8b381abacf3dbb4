"""Street addresses as matching sees them: `Storgatan 12 B`, `Storg. 12b` and
`storgatan12B` are one address; `Karl Johans gate 1` and `Karl Johans gt 1` too."""

from __future__ import annotations

import re
from functools import lru_cache

from services.customer.names import fold

# Word endings (Nordic compound streets) and whole words, to one short form.
SUFFIXES = [
    ("gatan", "g"),
    ("gata", "g"),
    ("gate", "g"),
    ("gade", "g"),
    ("vägen", "v"),
    ("vagen", "v"),
    ("vegen", "v"),
    ("veien", "v"),
    ("väg", "v"),
    ("vag", "v"),
    ("vej", "v"),
    ("vei", "v"),
    ("veg", "v"),
    ("gränd", "gr"),
    ("grand", "gr"),
    ("torget", "torg"),
    ("straße", "str"),
    ("strasse", "str"),
    ("allén", "alle"),
    ("allen", "alle"),
]
WORDS = {
    "gt": "g",
    "g": "g",
    "v": "v",
    "vn": "v",
    "street": "st",
    "st": "st",
    "road": "rd",
    "rd": "rd",
    "avenue": "ave",
    "ave": "ave",
    "av": "ave",
    "lane": "ln",
    "ln": "ln",
    "str": "str",
    "plads": "pl",
    "plass": "pl",
    "plats": "pl",
    "pl": "pl",
    "allé": "alle",
}
UNIT = re.compile(r"\b(lgh|lägenhet|leilighet|apt|apartment|c/o|box|postbox|pb)\b.*$")
HOUSE = re.compile(r"(\d+)\s*([a-z])?\b")


@lru_cache(maxsize=200_000)  # streets repeat across a register
def street_and_house(street: str | None) -> tuple[str, str]:
    """(street key, house number) — `Storgatan 12 B, lgh 1102` → ("storg", "12b")."""
    text = UNIT.sub("", (street or "").lower())
    text = re.sub(r"(?<=[^\W\d_])(?=\d)", " ", text)  # storgatan12 → storgatan 12
    match = HOUSE.search(text)
    house = (match.group(1) + (match.group(2) or "")) if match else ""
    name = text[: match.start()] if match else text
    if match and not name.strip():  # "10 Main St": the number comes first
        name = text[match.end() :]
    words = []
    for word in re.findall(r"[^\W\d_]+", name.replace(".", " ")):
        word = word.lower()
        for ending, short in SUFFIXES:
            if word.endswith(ending) and len(word) > len(ending):
                word = word[: -len(ending)] + short
                break
            if word == ending:
                word = short
                break
        words.append(WORDS.get(word, word))
    return fold("".join(words)), house


def postcode(code: str | None) -> str:
    """`411 38`, `411-38`, `SE-41138` → `41138`; letters kept for other formats."""
    text = re.sub(r"[\s\-]", "", (code or "").upper())
    return re.sub(r"^[A-Z]{2}(?=\d)", "", text)

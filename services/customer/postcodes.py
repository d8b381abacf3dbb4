"""Postal codes checked against the real registers of SE, NO, DK, FI, IS, FO, GL and AX
(C4), as shipped offline by countrystatecity-postal-codes: an unknown code, or a town that
does not belong to the code, is flagged with the town the register expects."""

from __future__ import annotations

from functools import lru_cache
from typing import TypedDict

from countrystatecity_postal_codes import get_postcodes_of_country

from services.customer.names import fold
from services.customer.streets import postcode


class PostcodeWarning(TypedDict):
    code: str  # unknown_postal_code | town_mismatch
    message: str
    expected: str | None  # the register's towns for the code, " / " between them


COUNTRIES = ("SE", "NO", "DK", "FI", "IS", "FO", "GL", "AX")


@lru_cache(maxsize=len(COUNTRIES))
def register(country: str) -> dict[str, list[str]]:
    """Postal code (compact) → the towns the register names for it."""
    towns: dict[str, list[str]] = {}
    for entry in get_postcodes_of_country(country):
        named = towns.setdefault(postcode(entry.code), [])  # a code without a town is still known
        if entry.localityName:  # optional in the package's model; every entry has one today
            named.append(entry.localityName)
    return towns


def _town(name: str) -> str:
    return fold(name.split(",")[0]).strip()


def same_town(written: str, official: str) -> bool:
    """Göteborg = GÖTEBORG; København = København K; Reykjavík = Reykjavík, Miðborg."""
    a, b = _town(written), _town(official)
    return bool(a) and (a == b or b.startswith(a + " ") or a.startswith(b + " "))


def check(country: str, code: str, town: str | None) -> PostcodeWarning | None:
    """None when the address agrees with the register (or the country has none here);
    otherwise {"code": "unknown_postal_code" | "town_mismatch", "message", "expected"}."""
    country = (country or "").upper()
    if country not in COUNTRIES:
        return None
    towns = register(country).get(postcode(code))
    if towns is None:
        return {
            "code": "unknown_postal_code",
            "expected": None,
            "message": f"{code} is not a postal code in {country}",
        }
    if town and not any(same_town(town, t) for t in towns):
        expected = " / ".join(sorted(set(towns)))
        return {
            "code": "town_mismatch",
            "expected": expected,
            "message": f"{code} belongs to {expected}, not {town}",
        }
    return None

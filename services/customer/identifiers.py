"""National and organisation ids, validated by the country's own rule (python-stdnum).

A country with no rule here accepts the id as written; a country with one refuses an id
that fails its checksum or format, and stores the compact form.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from stdnum import exceptions as stdnum_errors
from stdnum.dk import cpr, cvr
from stdnum.fi import hetu, ytunnus
from stdnum.is_ import kennitala
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as no_orgnr
from stdnum.pl import nip, pesel
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer


class IdRule(Protocol):
    """A python-stdnum module: `validate` gives the compact form or raises ValidationError."""

    __name__: str

    def validate(self, number: str) -> str: ...


PERSON_IDS: dict[str, IdRule] = {
    "SE": personnummer,
    "NO": fodselsnummer,
    "DK": cpr,
    "FI": hetu,
    "PL": pesel,
    "IS": kennitala,
}
ORGANISATION_IDS: dict[str, list[IdRule]] = {
    "SE": [se_orgnr],
    "NO": [no_orgnr],
    "DK": [cvr],
    "FI": [ytunnus],
    "PL": [nip],
    "IS": [kennitala],
}


class InvalidIdentifier(ValueError):
    pass


def national_id(value: str, country: str) -> str:
    """The compact, validated national id of a person in `country`."""
    module = PERSON_IDS.get(country.upper())
    if module is None:
        return value.strip()
    try:
        return module.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise InvalidIdentifier(f"not a valid {module.__name__.split('.')[-1]} for {country}: {exc}") from exc


def birth_date(value: str, country: str) -> date | None:
    """The birth date a valid national id encodes, where the country's id has one."""
    module = PERSON_IDS.get(country.upper())
    getter = getattr(module, "get_birth_date", None)
    if getter is None:
        return None
    try:
        born: date = getter(value)
        return born
    except (stdnum_errors.ValidationError, ValueError):
        return None


def org_number(value: str, country: str) -> str:
    """The compact, validated organisation number in `country`."""
    modules = ORGANISATION_IDS.get(country.upper())
    if not modules:
        return value.strip()
    reasons: list[str] = []
    for module in modules:
        try:
            return module.validate(value)
        except stdnum_errors.ValidationError as exc:
            reasons.append(str(exc))
    raise InvalidIdentifier(f"not a valid organisation number for {country}: {'; '.join(reasons)}")

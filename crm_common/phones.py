"""Phone numbers in one form (E.164), whoever wrote them and however.

A stored number is parsed with its owner's country; a caller's number with the PBX's
country. `+46 8 123 45 67`, `08-123 45 67`, `0046812345 67` and `08/1234567` are the
same Stockholm number.
"""

from __future__ import annotations

import functools

import phonenumbers


class NotAPhoneNumber(ValueError):
    pass


def to_e164(raw: str, region: str) -> str:
    """Normalise `raw` to E.164, reading national formats as `region` (ISO 3166 alpha-2).

    Raises NotAPhoneNumber when it cannot be a number there.
    """
    text = (raw or "").strip()
    if not text:
        raise NotAPhoneNumber("empty")
    try:
        parsed = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise NotAPhoneNumber(str(exc)) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise NotAPhoneNumber(f"{raw!r} is not a possible number in {region}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=65536)
def is_fixed_line(e164: str) -> bool:
    """A fixed line may ring a whole household; a mobile (or a number whose kind the
    numbering plan does not tell, as in Denmark) is taken as one person's own."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False
    return kind == phonenumbers.PhoneNumberType.FIXED_LINE


def caller_e164(raw: str | None, region: str) -> str | None:
    """A caller id as the PBX sent it, or None for withheld/anonymous/garbage."""
    try:
        return to_e164(raw or "", region)
    except NotAPhoneNumber:
        return None

"""The kinds of blocking key, and what each one is for.

A blocking key is "<kind>:<part>:<part>…" (f"{KeyKind.PHONE}:+46701234567" is
"p:+46701234567": a StrEnum formats as its value); two customers holding the same key are
compared (blocking.py). The kinds' values are the prefixes stored in match_keys and
match_key_counts: changing one, or the parts after it, makes stored keys unreachable until
`make reindex` has run (tests/unit/test_blocking_keys.py holds the keys of sample
customers as stored).

The kinds starting with FREQUENCY_PREFIX ("F:") never block: they only count how many
customers hold a name, which scoring turns into that name's weight.
"""

from __future__ import annotations

from enum import StrEnum

FREQUENCY_PREFIX = "F:"


class KeyKind(StrEnum):
    """What a blocking key is made of. Each comment says what the key holds and which
    duplicates it lets meet (the spelling or slip it survives)."""

    #: The phone number in E.164: one typed in any format still meets.
    PHONE = "p"
    #: The e-mail address with case and dots gone: Asa.Lindqvist@ and asalindqvist@ meet.
    EMAIL = "e"
    #: Country and national id: a person's own number, whatever their name is written as.
    NATIONAL_ID = "n"
    #: Country and organisation number: the same firm under another name or address.
    ORG_NUMBER = "o"
    #: Country, postal code and house number: one address however the street is written.
    POSTCODE_HOUSE = "a"
    #: Country, street key and house number (no town, so weak): one address with its
    #: postal code missing or mistyped.
    STREET_HOUSE = "s"
    #: Every name's sound, sorted (weak): swapped given and family names still meet.
    NAME_SOUNDS = "nm"
    #: One name's sound and the first letter of another (weak): a typo, an initial or a
    #: swap in one name still meets through the other (Ptter Nilsson ~ Nilsson, Petter).
    NAME_SOUND_INITIAL = "ng"
    #: One name's consonants and the first letter of another (weak): typos in both names,
    #: as long as they are in the vowels (A. Rantanen ~ Aino Rantanan).
    NAME_CONSONANTS_INITIAL = "sk"
    #: Country, postal code and the family name's sound: a given name written otherwise
    #: (a nickname, another spelling) at the same postal code.
    POSTCODE_FAMILY = "pf"
    #: Country, postal code and the family name's first three letters: a family name with
    #: a typo its sound does not hide, at the same postal code.
    POSTCODE_FAMILY_START = "pf3"
    #: The family name's sound, the given name's initial and the postal code's first three
    #: digits: a person who moved nearby, or whose postal code is mistyped.
    FAMILY_INITIAL_AREA = "fi"
    #: The birthday (day and month in either order) and any name's sound: the same person
    #: with a new surname or address, or with day and month swapped.
    BIRTHDAY_NAME = "bn"
    #: The birthday and the postal code: a person whose names are both written otherwise.
    BIRTHDAY_POSTCODE = "bp"
    #: The birthday (day and month in either order) and both names' initials, sorted: a
    #: typo in both names, or a name cut to its initial (E. Larsson ~ L. Emily).
    BIRTHDAY_INITIALS = "bi"
    #: Every word's sound of an organisation's name, sorted: the same firm with its words
    #: in another order or its legal form left out.
    ORGANISATION_NAME = "on"
    #: Country, postal code and the sound of the organisation name's first word: the same
    #: firm at one postal code with the rest of its name written otherwise.
    POSTCODE_ORGANISATION = "o1"
    #: Country, street key and the sound of the organisation name's first word: the same
    #: firm on one street with its postal code missing or mistyped.
    STREET_ORGANISATION = "o1s"
    #: Never blocks: counts the customers holding a family name's sound, for its weight.
    FAMILY_NAME_COUNT = FREQUENCY_PREFIX + "fam"
    #: Never blocks: counts the customers holding a given name's sound, for its weight.
    GIVEN_NAME_COUNT = FREQUENCY_PREFIX + "giv"
    #: Never blocks: counts the organisations whose name's first word sounds alike.
    ORGANISATION_NAME_COUNT = FREQUENCY_PREFIX + "org"


def counts_only(key: str) -> bool:
    """True for a key that counts a name (FREQUENCY_PREFIX) and never blocks."""
    return key.startswith(FREQUENCY_PREFIX)

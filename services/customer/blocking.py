"""Blocking keys: which stored customers are worth comparing with a new one.

Each customer's keys live in an indexed table; a new record's keys find its candidates
with index look-ups, so matching costs the size of the candidate set, not the register.
A key shared by very many customers (a company switchboard, "Anna Andersson") says little
and would flood the candidates: it is skipped above BLOCK_CAP.

What each kind of key holds, and why it blocks, is in key_kinds.py. Keys of the kinds
that start with "F:" are never used for blocking; they count how common a name is, which
the scoring turns into weights (a rare name agreeing says more).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from crm_common.upsert import upsert
from services.customer import profile_store
from services.customer.key_kinds import KeyKind, counts_only
from services.customer.models import MatchKey, MatchKeyCount
from services.customer.names import consonants, phonetic
from services.customer.profiles import Profile

BLOCK_CAP = 300
# Keys that say little alone (a name's sound, a name with an initial, a street and house
# number without the town) grow with the register: a customer being registered may be
# compared with up to WEAK_CAP others through one of them, a whole-register scan only with
# SCAN_WEAK_CAP, or a million customers would make tens of millions of pairs. (13: on the
# synthetic 100k register, 99.5 % of true pairs still meet in the scan; each step up
# costs the scan about 6 % more time and finds only copies that share nothing but a
# name, which the report leaves out as namesakes anyway: bench/RESULTS.md.)
WEAK = (
    KeyKind.NAME_SOUNDS,
    KeyKind.NAME_SOUND_INITIAL,
    KeyKind.NAME_CONSONANTS_INITIAL,
    KeyKind.STREET_HOUSE,
)
WEAK_CAP = 100
SCAN_WEAK_CAP = 13
MAX_CANDIDATES = 500


def cap(key: str, weak_cap: int = WEAK_CAP) -> int:
    """How many customers may share `key` before it is too common to block on."""
    return weak_cap if key.split(":", 1)[0] in WEAK else BLOCK_CAP


def keys(p: Profile) -> set[str]:
    """Every key of the profile: its blocking keys and its frequency keys (each cut to the
    200 characters the column holds)."""
    out = frequency_keys(p)
    if p.national_id:
        out.add(f"{KeyKind.NATIONAL_ID}:{p.country}:{p.national_id}")
    if p.org_number:
        out.add(f"{KeyKind.ORG_NUMBER}:{p.country}:{p.org_number}")
    for place in p.places:
        if place.postcode and place.house:
            out.add(f"{KeyKind.POSTCODE_HOUSE}:{place.country}:{place.postcode}:{place.house}")
        if place.street and place.house:
            out.add(f"{KeyKind.STREET_HOUSE}:{place.country}:{place.street}:{place.house}")
    if p.kind == "person":
        out |= _person_keys(p)
    else:
        out |= _organisation_keys(p)
    return {k[:200] for k in out}


def frequency_keys(p: Profile) -> set[str]:
    """The keys whose counts weigh an agreement (phones, e-mails, names), without the
    rest: a scan needs them for every profile it compares."""
    out = {f"{KeyKind.PHONE}:{e}" for e in p.phones} | {f"{KeyKind.EMAIL}:{e}" for e in p.emails}
    if p.kind == "person":
        out |= {f"{KeyKind.FAMILY_NAME_COUNT}:{phonetic(t)}" for t in p.family}
        out |= {f"{KeyKind.GIVEN_NAME_COUNT}:{phonetic(t)}" for t in p.given}
    elif p.org:
        out.add(f"{KeyKind.ORGANISATION_NAME_COUNT}:{phonetic(p.org[0])}")
    return {k[:200] for k in out}


def _person_keys(p: Profile) -> set[str]:
    fam = [phonetic(t) for t in p.family]
    giv = [phonetic(t) for t in p.given]
    # A given name is keyed as resolved (Kalle → Karl) and as written, because a name
    # swapped into the family field is not resolved there (Catherine Killer ~ Killer,
    # Catherine): keys that ignore which field a word is in must see both.
    written = [phonetic(t) for t in p.given_written]
    words = set(fam + giv + written)
    out = _name_sound_keys(fam, giv, written)
    out |= _name_initial_keys(words, set(p.family + p.given + p.given_written))
    out |= _place_keys(p, fam)
    if p.birthday:
        out |= _birthday_keys(p, p.birthday, words)
    return out


def _name_sound_keys(fam: list[str], giv: list[str], written: list[str]) -> set[str]:
    """The sounds of all names, word order free: swapped names meet."""
    return {
        f"{KeyKind.NAME_SOUNDS}:{' '.join(names)}"
        for names in {tuple(sorted(set(fam + giv))), tuple(sorted(set(fam + written)))}
        if names
    }


def _name_initial_keys(words: set[str], as_written: set[str]) -> set[str]:
    """One name's sound with the other's initial, both ways round: a typo, an initial or
    a swap in one name still meets the other (Ptter Nilsson ~ Nilsson, Petter). The same
    with a name's consonants: typos in both names (A. Rantanen ~ Aino Rantanan)."""
    out = {
        f"{KeyKind.NAME_SOUND_INITIAL}:{word}:{other[:1]}"
        for word in words
        for other in as_written
        if phonetic(other) != word
    }
    for word in as_written:
        if len(word) > 1:
            out |= {
                f"{KeyKind.NAME_CONSONANTS_INITIAL}:{consonants(word)}:{other[:1]}"
                for other in as_written - {word}
            }
    return out


def _place_keys(p: Profile, fam: list[str]) -> set[str]:
    """A family name's sound where the person lives."""
    out = set()
    for f in fam:
        for place in p.places:
            out.add(f"{KeyKind.POSTCODE_FAMILY}:{place.country}:{place.postcode}:{f}")
            out.add(f"{KeyKind.POSTCODE_FAMILY_START}:{place.country}:{place.postcode}:{p.family[0][:3]}")
            for g in p.given:
                out.add(f"{KeyKind.FAMILY_INITIAL_AREA}:{f}:{g[:1]}:{place.postcode[:3]}")
    return out


def _birthday_keys(p: Profile, birthday: date, words: set[str]) -> set[str]:
    # Day and month in either order: 1990-03-09 and 1990-09-03 are keyed alike.
    day, month = sorted((birthday.day, birthday.month))
    born = f"{birthday.year}:{day}:{month}"
    # either name's sound with the birthday, whichever field it is in
    out = {f"{KeyKind.BIRTHDAY_NAME}:{born}:{word}" for word in words}
    out |= {f"{KeyKind.BIRTHDAY_POSTCODE}:{birthday.isoformat()}:{place.postcode}" for place in p.places}
    # A typo in both names, or a name cut to its initial: the birthday and the two
    # initials still meet, in either field (E. Larsson ~ L. Emily). Both initials,
    # not one: a birth date and one letter gather enough people to slow the scan.
    for family in p.family:
        for given in set(p.given + p.given_written):
            out.add(f"{KeyKind.BIRTHDAY_INITIALS}:{born}:{''.join(sorted(family[:1] + given[:1]))}")
    return out


def _organisation_keys(p: Profile) -> set[str]:
    out = set()
    words = [phonetic(t) for t in p.org]
    if words:
        out.add(f"{KeyKind.ORGANISATION_NAME}:{' '.join(sorted(set(words)))}")
        for place in p.places:
            out.add(f"{KeyKind.POSTCODE_ORGANISATION}:{place.country}:{place.postcode}:{words[0]}")
            out.add(f"{KeyKind.STREET_ORGANISATION}:{place.country}:{place.street}:{words[0]}")
    return out


def store(session: Session, customer_id: int, profile: Profile) -> None:
    """Replace the customer's keys, keep the counts, and store the profile the keys were
    made from (in the transaction that changed the customer)."""
    store_many(session, {customer_id: profile})


def forget(session: Session, customer_id: int) -> None:
    """Drop all of a customer's keys and its stored profile (it was merged away)."""
    store_many(session, {}, forgotten=[customer_id])


def store_many(session: Session, stored: dict[int, Profile], forgotten: Iterable[int] = ()) -> None:
    """`store` for many customers at once, and `forget` for the `forgotten`: one read of
    their keys and a few statements whatever the number, so a reindex of a large
    register is not a million round trips."""
    forgotten = list(forgotten)
    ids = [*stored, *forgotten]
    if not ids:
        return
    old: dict[int, set[str]] = {}
    for cid, key in session.execute(
        select(MatchKey.customer_id, MatchKey.key).where(MatchKey.customer_id.in_(ids))
    ):
        old.setdefault(cid, set()).add(key)
    change: Counter[str] = Counter()
    added = []
    for cid in ids:
        had = old.get(cid, set())
        new = keys(stored[cid]) if cid in stored else set()
        if had - new:
            session.execute(delete(MatchKey).where(MatchKey.customer_id == cid, MatchKey.key.in_(had - new)))
        added += [{"customer_id": cid, "key": k} for k in sorted(new - had)]
        change.update(new - had)
        change.subtract(had - new)
    if added:
        session.execute(insert(MatchKey), added)
    _count(session, change)
    profile_store.keep_many(session, stored)
    profile_store.forget_many(session, forgotten)


def _count(session: Session, change: Counter[str]) -> None:
    """Add each key's change to its count, in one upsert and in one key order for every
    writer (no deadlock between two of them)."""
    rows = [{"key": k, "n": n} for k, n in sorted(change.items()) if n]
    if rows:
        statement = upsert(session, MatchKeyCount)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[MatchKeyCount.key], set_={"n": MatchKeyCount.n + statement.excluded.n}
            ),
            rows,
        )


def counts(session: Session, wanted: set[str]) -> dict[str, int]:
    """How many customers hold each key."""
    if not wanted:
        return {}
    rows = session.execute(select(MatchKeyCount.key, MatchKeyCount.n).where(MatchKeyCount.key.in_(wanted)))
    return {k: n for k, n in rows if n > 0}


def candidates(session: Session, profile: Profile) -> tuple[list[int], dict[str, int]]:
    """Ids of customers sharing a usable key with the profile (itself excluded), and the
    count of every key the profile has (for frequency weights)."""
    mine = keys(profile)
    seen = counts(session, mine)
    usable = [k for k in mine if not counts_only(k) and 0 < seen.get(k, 0) <= cap(k)]
    if not usable:
        return [], seen
    query = select(MatchKey.customer_id).where(MatchKey.key.in_(usable)).distinct().limit(MAX_CANDIDATES + 1)
    ids = [i for i in session.scalars(query) if i != profile.customer_id]
    return ids[:MAX_CANDIDATES], seen

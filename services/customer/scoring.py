"""How alike two customers are: Fellegi–Sunter weights per field, summed, as a probability.

Each field compares to a level (exact, similar, partial, different, missing). A level's
weight is log2(m / u): m, how often true duplicates show that level; u, how often two
different customers do by chance. Every level's m and u are in match_weights.py
(COMPARISON_LEVELS), the one place they are read from. For names, phones and e-mails u is
the value's own frequency in the register, so agreeing on a rare name counts more than on
"Andersson".
The sum, with the prior odds of a duplicate, becomes a probability in [0, 1]; thresholds
turn it into a verdict (verdicts.py). Missing fields weigh nothing either way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from services.customer.identifiers import ORGANISATION_IDS, PERSON_IDS
from services.customer.key_kinds import KeyKind, counts_only
from services.customer.match_weights import COMPARISON_LEVELS, PRIOR_ODDS, log_likelihood_ratio
from services.customer.names import (
    canonical_given,
    gender_variants,
    given_meanings,
    phonetic,
    slipped_nickname,
)
from services.customer.profiles import Profile, email_key

# How one field compared: {"agreement": exact | similar | partial | different | missing,
# "weight": log2 of the likelihood ratio, "similarity"?, and notes such as "personal"}.
Level = dict[str, Any]
Reasons = dict[str, Level]  # field → its Level: why a pair scored as it did
Words = tuple[str, ...]  # a name's words, folded

PRIOR_LOG_ODDS = math.log2(PRIOR_ODDS)


@dataclass
class Frequencies:
    """How common values are: counts of blocking keys among `total` customers.

    A share is smoothed towards a typical value with PSEUDO_COUNT imagined customers, so a
    small register (where every name looks "common") still weighs agreement sensibly.
    A name is not counted for the `stored` customers being compared (one when an unsaved
    customer meets the register, two when a scan compares two stored ones): that a firm
    holds its own name makes the name no commoner, and in a register of fifty firms it
    would otherwise count as one in fifty.
    """

    counts: dict[str, int]
    total: int
    stored: int = 1

    PSEUDO_COUNT = 1000

    def share(self, key: str, typical: float) -> float:
        count = self.counts.get(key, 0)
        if counts_only(key):
            count = max(count - self.stored, 0)
        return (count + self.PSEUDO_COUNT * typical) / (max(self.total, 0) + self.PSEUDO_COUNT)


def level_weight(field: str, level: str) -> float:
    """The weight of a comparison level (match_weights.COMPARISON_LEVELS)."""
    return COMPARISON_LEVELS[field, level].weight


def typical_share(field: str, level: str) -> float:
    """The u of a level whose u is the value's own share: the share an unseen value gets."""
    return COMPARISON_LEVELS[field, level].u


def level_weight_by_share(field: str, level: str, share: float) -> float:
    """The weight of a level reached by a value held by `share` of the register."""
    return log_likelihood_ratio(COMPARISON_LEVELS[field, level].m, share)


def similar(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b)


def _level(agree: str, weight: float, similarity: float | None = None) -> Level:
    out = {"agreement": agree, "weight": round(weight, 2)}
    if similarity is not None:
        out["similarity"] = round(similarity, 3)
    return out


def typo(a: str, b: str) -> bool:
    """One slip of the keyboard apart: a letter added, dropped, replaced or two swapped
    (two slips for long words)."""
    allowed = 2 if min(len(a), len(b)) >= 8 else 1
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b, score_cutoff=allowed) <= allowed


def two_slips(a: Words, b: Words) -> bool:
    """Two slips apart and beginning alike (Mrk and Maark for Mark, Hge for Hege): too
    far for a typo, too near for a stranger; only something of one person's own that
    agrees shows which."""
    return any(
        x[:1] == y[:1] and min(len(x), len(y)) >= 3 and OSA.distance(x, y, score_cutoff=2) <= 2
        for x in a
        for y in b
    )


def _slipped_nickname_meets(a: Words, a_written: Words, b: Words, b_written: Words) -> bool:
    """A nickname written with a slip on one side means a name the other side holds."""
    return bool(
        {slipped_nickname(t) for t in a_written} & {*b, *b_written}
        or {slipped_nickname(t) for t in b_written} & {*a, *a_written}
    )


def _initial_meets(a: Words, b: Words) -> bool:
    """ "K." on one side and a name starting with K on the other."""
    return bool(
        ({t for t in a if len(t) == 1} & {t[0] for t in b})
        or ({t for t in b if len(t) == 1} & {t[0] for t in a})
    )


def _initials(words: Words) -> bool:
    return all(len(t) == 1 for t in words)


def _alike(a: Words, b: Words) -> tuple[bool, float]:
    """(the same word, best similarity) over the words of two names; words run together
    count too (AnnMarie = Ann-Marie), and a typo counts as fully similar."""
    words_a, words_b = set(a) | {"".join(a)}, set(b) | {"".join(b)}
    if words_a & words_b or {phonetic(t) for t in words_a} & {phonetic(t) for t in words_b}:
        return True, 1.0
    if any(typo(x, y) for x in words_a for y in words_b):
        return False, 1.0
    return False, max(similar(x, y) for x in words_a for y in words_b)


def compare_family(a: Words, b: Words, freq: Frequencies) -> Level:
    if not a or not b:
        return _level("missing", 0.0)
    same, best = _alike(a, b)
    if same:
        shared = ({phonetic(t) for t in a} & {phonetic(t) for t in b}) or {phonetic(t) for t in a}
        typical = typical_share("family_name", "exact")
        u = min(freq.share(f"{KeyKind.FAMILY_NAME_COUNT}:{k}", typical) for k in shared)
        return _level("exact", level_weight_by_share("family_name", "exact", u), 1.0)
    if best >= 0.88:
        return _level("similar", level_weight("family_name", "similar"), best)
    if _initial_meets(a, b):
        return _level("partial", level_weight("family_name", "initial"), best)
    return _level("different", level_weight("family_name", "different"), best)


def compare_given(
    a: Words, b: Words, freq: Frequencies, a_written: Words = (), b_written: Words = ()
) -> Level:
    """Compared twice: nicknames resolved (Kalle = Karl) and as written, so a typo in
    "Andrew" is not hidden behind the "Anders" it resolves to."""
    if not a or not b:
        return _level("missing", 0.0)
    shared = set(a) & set(b)
    if not shared and a_written and b_written:  # a nickname of several names (Janne: Jan or Johan)
        shared = given_meanings(a_written) & given_meanings(b_written)
    same, best = _alike(a_written or a, b_written or b)
    if (shared or same) and (_initials(a_written or a) or _initials(b_written or b)):
        return _level("partial", level_weight("given_name", "initial"), best)  # "A." and "A.": a letter
    if shared or same:
        typical = typical_share("given_name", "exact")
        u = min(freq.share(f"{KeyKind.GIVEN_NAME_COUNT}:{phonetic(t)}", typical) for t in (shared or set(a)))
        return _level("exact", level_weight_by_share("given_name", "exact", u), 1.0)
    if any(gender_variants(x, y) for x in {*a_written, *a} for y in {*b_written, *b}):
        return _level("different", level_weight("given_name", "different"), best)  # Ulla (Ulrika), Ulrik
    if best >= 0.88:
        return _level("similar", level_weight("given_name", "similar"), best)
    resolved = (a, b) != (a_written, b_written)  # as written, _alike has looked for typos already
    if (resolved and any(typo(x, y) for x in a for y in b)) or _slipped_nickname_meets(
        a, a_written, b, b_written
    ):
        # Kaarl and Kalle (Karl), Freddde and Fredrik
        return _level("similar", level_weight("given_name", "similar"), 1.0)
    if _initial_meets(a_written or a, b_written or b):
        return _level("partial", level_weight("given_name", "initial"), best)
    if two_slips(a_written or a, b_written or b):
        return {**_level("partial", level_weight("given_name", "two_slips"), best), "slips": 2}
    # Household members share surname and address; a different given name is strong
    # evidence of a different person.
    return _level("different", level_weight("given_name", "different"), best)


def compare_org(a: Profile, b: Profile, freq: Frequencies) -> Level:
    if not a.org or not b.org:
        return _level("missing", 0.0)
    ratio = token_set_ratio(" ".join(a.org), " ".join(b.org)) / 100
    if ratio >= 0.97:
        typical = typical_share("organisation_name", "exact")
        u = freq.share(f"{KeyKind.ORGANISATION_NAME_COUNT}:{phonetic(a.org[0])}", typical)
        return _level("exact", level_weight_by_share("organisation_name", "exact", u), ratio)
    if ratio >= 0.85:
        return _level("similar", level_weight("organisation_name", "similar"), ratio)
    return _level("different", level_weight("organisation_name", "different"), ratio)


def compare_id(a: str | None, b: str | None, checked: bool = False) -> Level:
    """`checked`: both ids passed the same country's checksum, so a slip would have been
    refused and two of them are two people."""
    if not a or not b:
        return _level("missing", 0.0)
    if a == b:
        return _level("exact", level_weight("id", "exact"))
    if _slip(a, b):
        return _level("similar", level_weight("id", "slip"))  # one digit mistyped, or two swapped
    if checked:
        return {**_level("different", level_weight("id", "different")), "conclusive": True}
    return _level("different", level_weight("id", "different"))


def compare_birthday(a: date | None, b: date | None) -> Level:
    if not a or not b:
        return _level("missing", 0.0)
    if a == b:
        return _level("exact", level_weight("birthday", "exact"))
    swapped = a.year == b.year and a.month == b.day and a.day == b.month
    parts = [
        (f"{x:02d}", f"{y:02d}")
        for x, y in zip((a.year, a.month, a.day), (b.year, b.month, b.day), strict=True)
    ]
    wrong = [(x, y) for x, y in parts if x != y]
    if swapped or (len(wrong) == 1 and _slip(*wrong[0])):
        return _level("similar", level_weight("birthday", "slip"))  # day and month swapped, one digit wrong
    return _level("different", level_weight("birthday", "different"))


def _slip(x: str, y: str) -> bool:
    """One digit wrong, or two neighbours swapped (1979 for 1997): a typing slip, not
    another date (1972 and 1998 are two people of one name)."""
    if len(x) != len(y):
        return False
    diff = [i for i, (c, d) in enumerate(zip(x, y, strict=True)) if c != d]
    return len(diff) == 1 or (
        len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]
    )


def compare_set(a: frozenset[str], b: frozenset[str], kind: KeyKind, field: str, freq: Frequencies) -> Level:
    """Two sets of values (phones, e-mails) that agree when they share one; the rarest
    shared value sets the weight. `kind` is the values' key kind, `field` their rows in
    COMPARISON_LEVELS."""
    if not a or not b:
        return _level("missing", 0.0)
    shared = a & b
    if shared:
        u = min(freq.share(f"{kind}:{v}", typical_share(field, "exact")) for v in shared)
        return _level("exact", level_weight_by_share(field, "exact", u))
    return _level("different", level_weight(field, "different"))


def compare_phones(a: Profile, b: Profile, freq: Frequencies) -> Level:
    """As a set, and marked `personal` when the numbers that agree (or, differing, those
    on both sides) include one of a person's own (not a fixed line)."""
    out = compare_set(a.phones, b.phones, KeyKind.PHONE, "phone", freq)
    if out["agreement"] == "exact":
        personal = bool(a.phones & b.phones & a.own_phones)
    else:
        personal = out["agreement"] == "different" and bool(a.own_phones) and bool(b.own_phones)
    return {**out, "personal": True} if personal else out


# Providers that ignore dots in the local part: there anna.svensson and annasvensson are
# one mailbox; elsewhere they are two that look alike.
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def _dots(address: str) -> frozenset[int]:
    """Where the local part's dots stand, counted in letters: anna.strom → {4}."""
    local = address.partition("@")[0]
    return frozenset(i - n for n, i in enumerate(i for i, c in enumerate(local) if c == "."))


def compare_emails(a: Profile, b: Profile, freq: Frequencies) -> Level:
    """As a set of addresses with dots and case gone. A dot left out (agnessvahn for
    agnes.svahn) is the same address written lazily; dots in other places, where the
    provider reads dots, are another mailbox: `similar`, as ann.astrom and anna.strom."""
    out = compare_set(a.emails, b.emails, KeyKind.EMAIL, "email", freq)
    if out["agreement"] != "exact":
        return out
    for x in a.emails_written:
        for y in b.emails_written:
            if email_key(x) == email_key(y) and (_dots(x) <= _dots(y) or _dots(y) <= _dots(x)):
                return out
    if any(key.partition("@")[2] in DOTLESS_DOMAINS for key in a.emails & b.emails):
        return out
    return _level("similar", level_weight("email", "dots_elsewhere"))


def compare_places(a: Profile, b: Profile) -> Level:
    if not a.places or not b.places:
        return _level("missing", 0.0)
    best = _level("different", level_weight("address", "different"))
    for x in a.places:
        for y in b.places:
            same_code = x.postcode and x.postcode == y.postcode
            if x.postcode and y.postcode and not same_code:
                continue  # Skogsgatan 35 is in many towns
            street = similar(x.street, y.street) if x.street and y.street else 0.0
            same_house = bool(x.house) and x.house == y.house
            if same_house and (same_code or street >= 0.97) and street >= 0.9:
                return _level("exact", level_weight("address", "exact"), street)
            if same_house and (same_code or street >= 0.9):
                best = _level("similar", level_weight("address", "similar"), street)
            elif same_code and best["agreement"] == "different":
                best = _level("partial", level_weight("address", "same_postcode"), street)
    return best


def _checked(a: Profile, b: Profile, rules: Mapping[str, object]) -> bool:
    return a.country == b.country and a.country in rules


def compare_names(a: Profile, b: Profile, freq: Frequencies) -> tuple[Level, Level]:
    """(given, family) as written, or crosswise when the names were swapped."""
    direct = (
        compare_given(a.given, b.given, freq, a.given_written, b.given_written),
        compare_family(a.family, b.family, freq),
    )
    if any(r["agreement"] == "exact" for r in direct):
        return direct  # a name agrees as it stands: no swap reads better (and most pairs stop here)
    swapped = (  # nicknames resolved here too: Per Engström = Engström Pelle
        compare_given(a.given, tuple(map(canonical_given, b.family)), freq, a.given_written, b.family),
        compare_family(tuple(map(canonical_given, a.family)), b.given, freq),
    )
    if b.given_written != b.given:  # as written too: "C." is Christina's initial, not Kristina's
        swapped = (swapped[0], max(swapped[1], compare_family(a.family, b.given_written, freq), key=_weight))
    # A swap is credible only when a name agrees crosswise by more than its sound (Peter
    # Johansson is only a little like Johanna Pettersson): exactly or by one slip, the
    # other name then weighed as any name is (Joakim Næss = Nss Joakim); or both agree,
    # one by more than sound, initials included (B. Malin = M. Birkeland).
    crosswise = [r for r in swapped if r["agreement"] != "missing"]
    one_holds = any(r["agreement"] == "exact" or _one_slip(r) for r in crosswise)
    both_agree = all(r["agreement"] in ("exact", "similar", "partial") for r in crosswise) and any(
        (r["agreement"] == "partial" and not r.get("slips")) or _one_slip(r) for r in crosswise
    )
    if (one_holds or both_agree) and sum(map(_weight, swapped)) > sum(map(_weight, direct)):
        return {**swapped[0], "note": "given and family name swapped"}, swapped[1]
    return direct


def _weight(reason: Level) -> float:
    weight: float = reason["weight"]
    return weight


def _one_slip(reason: Level) -> bool:
    return reason["agreement"] == "similar" and reason.get("similarity") == 1.0


def compare(a: Profile, b: Profile, freq: Frequencies) -> tuple[float, Reasons]:
    """(log2 weight, reasons per field) for the pair."""
    reasons: Reasons = {}
    if a.kind == "person" and b.kind == "person":
        given, family = compare_names(a, b, freq)
        reasons["given_name"], reasons["family_name"] = given, family
        reasons["birthday"] = compare_birthday(a.birthday, b.birthday)
        reasons["national_id"] = compare_id(a.national_id, b.national_id, _checked(a, b, PERSON_IDS))
    elif a.kind == "organisation" and b.kind == "organisation":
        reasons["name"] = compare_org(a, b, freq)
        reasons["org_number"] = compare_id(a.org_number, b.org_number, _checked(a, b, ORGANISATION_IDS))
    else:
        return -math.inf, {"kind": _level("different", -math.inf)}
    reasons["address"] = compare_places(a, b)
    reasons["phone"] = compare_phones(a, b, freq)
    reasons["email"] = compare_emails(a, b, freq)
    return sum(r["weight"] for r in reasons.values()), reasons


def probability(weight: float) -> float:
    if weight == -math.inf:
        return 0.0
    return 1 / (1 + 2 ** -(weight + PRIOR_LOG_ODDS))

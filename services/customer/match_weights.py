"""The m and u probabilities of every comparison level: the one table scoring reads.

A comparison of one field between two customers ends at a level (the same family name, a
typo in it, another one…). For each level:

- m: how often a true duplicate pair shows it;
- u: how often two different customers show it by chance.

Its weight is log2(m / u): positive when the level is commoner among duplicates, negative
when commoner among strangers. The values were set by hand and checked on the synthetic
registers (bench/RESULTS.md); they are meant to be learnt from the register later, which
replaces this table's numbers and nothing else.

For a level marked `u_from_register` the u below is only the typical share: scoring uses
the agreeing value's own share of the register (how many customers hold that name, phone
or e-mail), smoothed towards this typical share (scoring.Frequencies), so agreeing on a
rare name weighs more than on "Andersson".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The odds that two customers blocking brings together are one, before any field is
# compared: the starting point the weights move from.
PRIOR_ODDS = 1 / 1000


def log_likelihood_ratio(m: float, u: float) -> float:
    """The weight of a level: log2(m / u)."""
    return math.log2(m / u)


@dataclass(frozen=True)
class ComparisonLevel:
    """One row of the table: a level a field's comparison can end at."""

    m: float  # the share of true duplicate pairs at this level
    u: float  # the share of different customers at it by chance (or the typical share)
    meaning: str
    u_from_register: bool = False  # u is the agreeing value's own share of the register

    @property
    def weight(self) -> float:
        """log2(m / u); for a `u_from_register` level, the weight of a value as common as
        the typical one."""
        return log_likelihood_ratio(self.m, self.u)


# (field, level) → its m and u. The field is the one the reasons name, except "id" (both
# national_id and org_number) and "organisation_name" (an organisation's "name"). The
# level says what was found; the reasons show it as an agreement ("initial", "two_slips"
# and "same_postcode" as `partial`, "slip" and "dots_elsewhere" as `similar`). A missing
# field weighs 0 and has no row.
COMPARISON_LEVELS: dict[tuple[str, str], ComparisonLevel] = {
    ("family_name", "exact"): ComparisonLevel(
        0.92,
        1e-3,
        "The same family name, or one that sounds the same (Lindqvist, Lindkvist).",
        u_from_register=True,
    ),
    ("family_name", "similar"): ComparisonLevel(
        0.06,
        0.004,
        "Nearly the same (Jaro-Winkler 0.88 or more) or one slip apart: a typo its sound does not hide.",
    ),
    ("family_name", "initial"): ComparisonLevel(
        0.01, 0.05, "An initial on one side, and a name starting with it on the other."
    ),
    ("family_name", "different"): ComparisonLevel(
        0.02, 0.99, "Another family name: a marriage, a swap of names, or another person."
    ),
    ("given_name", "exact"): ComparisonLevel(
        0.85,
        5e-3,
        "The same given name once nicknames are resolved (Kalle = Karl), one that sounds "
        "the same, or the same words run together (AnnMarie, Ann-Marie).",
        u_from_register=True,
    ),
    ("given_name", "similar"): ComparisonLevel(
        0.1,
        0.01,
        "Nearly the same (Jaro-Winkler 0.88 or more), one slip apart once nicknames are "
        "resolved (Kaarl, Kalle), or a nickname written with a slip (Freddde, Fredrik).",
    ),
    ("given_name", "initial"): ComparisonLevel(
        0.04, 0.05, "An initial that fits the other side's name or initial: a letter, not a name."
    ),
    ("given_name", "two_slips"): ComparisonLevel(
        0.01,
        0.005,
        "Two slips apart and beginning alike (Hge, Hege): 1.3 % of true pairs at 100k "
        "synthetic customers, 0.45 % of strangers.",
    ),
    ("given_name", "different"): ComparisonLevel(
        0.0002,
        0.95,
        "Another given name, a name's other gender included (Ulrika, Ulrik): household "
        "members share surname and address, so this says two people.",
    ),
    ("organisation_name", "exact"): ComparisonLevel(
        0.9,
        1e-4,
        "The same words (token set ratio 0.97 or more), in any order; u is the first word's "
        "share of the register.",
        u_from_register=True,
    ),
    ("organisation_name", "similar"): ComparisonLevel(
        0.08, 0.002, "Nearly the same words (token set ratio 0.85 or more)."
    ),
    ("organisation_name", "different"): ComparisonLevel(0.02, 0.99, "Another name."),
    ("id", "exact"): ComparisonLevel(
        0.98, 1e-7, "The same national or organisation number: strangers almost never share one."
    ),
    ("id", "slip"): ComparisonLevel(0.01, 1e-5, "One digit mistyped, or two neighbouring digits swapped."),
    ("id", "different"): ComparisonLevel(
        0.005, 1.0, "Another number: nearly every pair of strangers, and few true duplicates."
    ),
    ("birthday", "exact"): ComparisonLevel(
        0.95, 1 / 25000, "The same date: about one stranger in 25,000 shares it."
    ),
    ("birthday", "slip"): ComparisonLevel(
        0.03,
        0.001,
        "Day and month swapped, or one digit mistyped (or two neighbours swapped) in the "
        "year, the month or the day.",
    ),
    ("birthday", "different"): ComparisonLevel(0.02, 0.999, "Another date."),
    ("address", "exact"): ComparisonLevel(
        0.75,
        1e-4,
        "The same house number on nearly the same street (Jaro-Winkler 0.9; 0.97 when a "
        "postal code is missing), and no postal code that differs.",
    ),
    ("address", "similar"): ComparisonLevel(
        0.1,
        5e-4,
        "The same house number at the same postal code on a street written otherwise, or on "
        "a street nearly the same with a postal code missing.",
    ),
    ("address", "same_postcode"): ComparisonLevel(
        0.05, 0.01, "Only the postal code agrees: neighbours, or someone who moved nearby."
    ),
    ("address", "different"): ComparisonLevel(
        0.1, 0.99, "No current address in common: many true duplicates have moved since."
    ),
    ("phone", "exact"): ComparisonLevel(
        0.7, 1e-6, "A phone number in common; u is that number's share.", u_from_register=True
    ),
    ("phone", "different"): ComparisonLevel(
        0.3, 1.0, "No number in common: a duplicate often came with another number (work, home)."
    ),
    ("email", "exact"): ComparisonLevel(
        0.6,
        1e-6,
        "An e-mail address in common, case, +tags and a left-out dot aside (agnessvahn, "
        "agnes.svahn); u is that address's share.",
        u_from_register=True,
    ),
    ("email", "dots_elsewhere"): ComparisonLevel(
        0.05,
        1e-6,
        "The same letters with dots in other places, at a provider that reads dots "
        "(ann.astrom, anna.strom): most likely one person, possibly two.",
    ),
    ("email", "different"): ComparisonLevel(0.4, 1.0, "No address in common."),
}

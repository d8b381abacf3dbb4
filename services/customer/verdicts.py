"""What a pair's score and reasons (scoring.py) make of it: a verdict of duplicate,
review or distinct, with the rules that keep a name alone, or a household, from being
called one customer, and the pairs a scan leaves as likely namesakes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from crm_common.config import Settings
from services.customer.scoring import Reasons


@dataclass(frozen=True)
class Thresholds:
    duplicate: float = 0.95
    # Measured on synthetic registers (bench/RESULTS.md): below 0.8 the review band fills
    # with namesakes faster than it finds duplicates as the register grows.
    review: float = 0.8

    @classmethod
    def of(cls, settings: Settings) -> Thresholds:
        """The thresholds configured (CRM_MATCH_DUPLICATE, CRM_MATCH_REVIEW)."""
        return cls(settings.match_duplicate, settings.match_review)

    def verdict(self, score: float, reasons: Reasons) -> str:
        """A name alone, however rare, makes at most a review: "duplicate" needs one more
        thing that identifies (id, birthday, address, phone or e-mail) to agree, and
        nothing that tells people apart to disagree (a father and son of the same name at
        one address, or a national id shared by mistake)."""
        if score >= self.duplicate and corroborated(reasons) and not told_apart(reasons):
            return "duplicate"
        return "review" if score >= self.review else "distinct"


IDENTIFYING = ("national_id", "org_number", "birthday", "address", "phone", "email")
# Fields whose disagreement says "two people", whatever else agrees.
TELL_APART = ("kind", "national_id", "org_number", "birthday")
# What one person has and the rest of a household does not share.
PERSONAL = ("national_id", "birthday", "email")
# What shows another given name to be a slip: not a birthday, which twins share with a
# surname, an address and often a name two letters apart (Bengt and Berit).
NOT_TWINS = ("national_id", "email")


def _agreement(reasons: Reasons, field: str) -> str | None:
    return reasons.get(field, {}).get("agreement")


def agreeing(reasons: Reasons, fields: Iterable[str] | None = None) -> list[str]:
    """The fields (of `fields`, or all) that agree exactly or nearly."""
    return [
        f for f in (reasons if fields is None else fields) if _agreement(reasons, f) in ("exact", "similar")
    ]


def _exactly(reasons: Reasons, fields: Iterable[str]) -> bool:
    return any(_agreement(reasons, f) == "exact" for f in fields)


def _differs(reasons: Reasons, field: str) -> bool:
    return _agreement(reasons, field) == "different"


def corroborated(reasons: Reasons) -> bool:
    """Something besides the name agrees. Under another family name (married, or another
    person born the same day) a birthday or an address alone is not enough: then it takes
    an id, a phone or an e-mail, or two things."""
    agree = agreeing(reasons, IDENTIFYING)
    if _differs(reasons, "family_name"):
        return len(agree) >= 2 or bool({"national_id", "org_number", "phone", "email"} & set(agree))
    return bool(agree)


def namesakes_likely(weight: float, reasons: Reasons, total: int) -> bool:
    """Two people who agree on a name alone, in a register big enough to hold another
    bearer of that name more than one time in ten (the name's weight is about
    -log2 of its share). The whole-register report leaves those out: at 100,000 synthetic
    customers 97 % of them were namesakes (bench/RESULTS.md), and an agent cleaning the
    register cannot tell them apart either. Matching a new customer still shows them."""
    person = "given_name" in reasons
    return person and not agreeing(reasons, IDENTIFYING) and weight < math.log2(10 * max(total, 1))


# A value that disagrees, and what agreeing exactly shows it was written wrong on one side
# (a field not listed is never outweighed).
OUTWEIGHED_BY = {"national_id": ("birthday", "email"), "birthday": ("national_id",)}


def _personal(reasons: Reasons, fields: Iterable[str] = PERSONAL) -> list[str]:
    """The fields that belong to one person here: id, birthday, e-mail, and a phone unless
    it is a fixed line (which rings the whole household)."""
    return [*fields, *(["phone"] if reasons.get("phone", {}).get("personal") else [])]


def told_apart(reasons: Reasons) -> bool:
    """Two people, whatever the score: two ids that both passed their country's checksum
    differ, an id or birthday disagrees with nothing personal to show it a slip, the
    given names differ and only what a household or twins share (surname, address,
    birthday, a phone) agrees, or one's own phone or e-mail differs and nothing personal
    agrees exactly (mother and daughter of one name at one address). An id no checksum
    guards is mistyped as easily as a name, so the same birthday outweighs it; one id
    outweighs a birthday (father and son differ in both). Another given name is shown a
    slip only by the same id or e-mail; two slips in it (Hge for Hege) also by the same
    mobile of one's own."""
    for field in TELL_APART:
        if not _differs(reasons, field):
            continue
        if reasons[field].get("conclusive") or not _exactly(reasons, OUTWEIGHED_BY.get(field, ())):
            return True
    slipped = reasons.get("given_name", {}).get("slips")
    shown_a_slip_by = _personal(reasons, NOT_TWINS) if slipped else NOT_TWINS
    if (_differs(reasons, "given_name") or slipped) and not (
        _exactly(reasons, shown_a_slip_by) or _agreement(reasons, "national_id") == "similar"
    ):
        return True  # a mobile is lent within a family, but not to a name two slips away
    personal = _personal(reasons)
    return any(_differs(reasons, f) for f in personal) and not _exactly(reasons, personal)

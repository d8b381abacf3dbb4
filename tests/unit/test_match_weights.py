"""The table of m and u probabilities, and that scoring reads its weights from it."""

import math
from datetime import date

import pytest

from services.customer import scoring
from services.customer.match_weights import COMPARISON_LEVELS, ComparisonLevel


@pytest.mark.parametrize("row", sorted(COMPARISON_LEVELS))
def test_every_level_has_probabilities_and_a_sentence(row):
    level = COMPARISON_LEVELS[row]
    assert 0 < level.m <= 1 and 0 < level.u <= 1
    assert level.meaning[:1].isupper() and level.meaning.endswith(".")


@pytest.mark.parametrize("field", sorted({field for field, _ in COMPARISON_LEVELS}))
def test_agreeing_exactly_counts_for_and_differing_against(field):
    assert COMPARISON_LEVELS[field, "exact"].weight > 0
    assert COMPARISON_LEVELS[field, "different"].weight < 0


def test_scoring_reads_its_weights_from_the_table(monkeypatch):
    born = date(1981, 12, 28)
    assert scoring.compare_birthday(born, born)["weight"] == round(math.log2(0.95 * 25000), 2)
    monkeypatch.setitem(COMPARISON_LEVELS, ("birthday", "exact"), ComparisonLevel(0.5, 0.25, "Learnt."))
    assert scoring.compare_birthday(born, born)["weight"] == 1.0

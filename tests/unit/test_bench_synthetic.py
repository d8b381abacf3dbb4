"""The synthetic register the matching benchmark measures on (bench/synthetic.py)."""

import copy
import random

from faker import Faker

from bench.synthetic import _entity, _spoil, generate
from crm_common.phones import is_fixed_line, to_e164


def test_spoiling_copies_leaves_their_original_as_it_was():
    rnd, fake = random.Random(3), Faker("sv_SE")
    for _ in range(30):
        base = _entity(rnd, fake, "SE")
        before = copy.deepcopy(base)
        for _ in range(5):
            _spoil(rnd, base, fake, "SE")
        assert base == before


def test_every_generated_phone_is_a_mobile_of_its_country():
    data = generate(1500)
    numbers = [(p["number"], r["country"]) for r in data.records for p in r.get("phones", [])]
    assert len(numbers) > 1000
    assert not [n for n, country in numbers if is_fixed_line(to_e164(n, country))]

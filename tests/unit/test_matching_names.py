"""Duplicate matching (C2) of names: spelling variants, nicknames, initials, slips of the
keyboard, swapped given and family names, and people known by one name."""

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from services.customer import register
from services.customer.models import Base
from services.customer.names import phonetic
from tests.unit.matching_helpers import ASA, AU, person, top


@pytest.mark.parametrize(
    "a, b",
    [
        ("Karlsson", "Carlson"),
        ("Müller", "Mueller"),
        ("Eriksson", "Ericsson"),
        ("Lindqvist", "Lindquist"),
        ("Nyberg", "Niberg"),
        ("Philip", "Filip"),
    ],
)
def test_spelling_variants_sound_the_same(a, b):
    assert phonetic(a) == phonetic(b)


def test_a_nickname_of_several_names_finds_each_but_the_names_stay_apart(register_of):
    johan = {
        "kind": "person",
        "given_name": "Johan",
        "family_name": "Hassan",
        "phones": [{"number": "076-250 03 54"}],
    }
    match = register_of(johan)
    assert top(match({**johan, "given_name": "Janne"})) == (match.ids[0], "duplicate")  # Janne: Jan or Johan
    jan = match({**johan, "given_name": "Jan", "phones": [{"number": "076-999 00 11"}]})
    assert not jan or (
        jan[0]["verdict"] != "duplicate"
        and jan[0]["reasons"]["given_name"]["agreement"] not in ("exact", "similar")
    )


def test_a_badly_spelt_given_name_is_still_the_person_when_birthday_and_email_agree(register_of):
    match = register_of(ASA)
    hit = match(person(given_name="Jnis", phones=None, addresses=None))[0]
    assert hit["reasons"]["given_name"]["agreement"] == "different"
    assert top([hit]) == (match.ids[0], "duplicate")


def test_swapped_names_with_a_nickname_are_the_same_person(register_of):
    per = {**ASA, "given_name": "Per", "family_name": "Engström"}
    match = register_of(per)
    (hit,) = match({**per, "given_name": "Engström", "family_name": "Pelle", "birthday": None})
    assert hit["reasons"]["given_name"]["agreement"] == "exact" and hit["verdict"] == "duplicate"


def test_initials_alone_are_not_a_given_name(register_of):
    match = register_of(person(given_name="Å.", phones=None, emails=None, addresses=None))
    (hit,) = match(person(given_name="A.", family_name="Lindqvist", phones=None, emails=None, addresses=None))
    assert hit["reasons"]["given_name"]["agreement"] == "partial"


ONE_NAME = {k: v for k, v in AU.items() if k not in ("given_name", "family_name")}


def test_a_person_known_by_one_name_meets_the_full_name_and_the_same_one_name(register_of):
    kolodina = {**AU, "given_name": "Rhiannon", "family_name": "Kolodina", "birthday": "1961-05-20"}
    match = register_of(kolodina, {"kind": "person", "name": "Durr", "phones": [{"number": "070-555 12 34"}]})
    assert top(match({**ONE_NAME, "name": "Kolodina", "birthday": "1961-05-20"})) == (
        match.ids[0],
        "duplicate",
    )
    (hit,) = match({"kind": "person", "name": "Durr", "phones": [{"number": "+46705551234"}]})
    assert hit["reasons"]["family_name"]["agreement"] == "exact"
    assert top([hit]) == (match.ids[1], "duplicate")


def test_a_name_of_three_words_is_stored_as_matching_reads_it(uow_factory):
    with uow_factory(Base).transaction() as session:
        c = register.create_customer(
            session, load(CustomerCreate(), {"kind": "person", "name": "Anna Maria Berg"}), "SE"
        )
        assert (c.given_name, c.family_name) == ("Anna Maria", "Berg")
        one = register.create_customer(
            session, load(CustomerCreate(), {"kind": "person", "name": "Durr"}), "SE"
        )
        assert (one.given_name, one.family_name, one.name) == (None, "Durr", "Durr")


def test_names_alike_only_crosswise_by_sound_are_not_a_swap(register_of):
    match = register_of(person(given_name="Peter", family_name="Johansson", emails=None, phones=None))
    hits = match(
        person(given_name="Johanna", family_name="Pettersson", emails=None, phones=None, addresses=None)
    )
    assert [h["verdict"] for h in hits] in ([], ["distinct"])


@pytest.mark.parametrize("stored, written", [("Sara", "Sona"), ("Hege", "Hge"), ("Fabian", "Farin")])
def test_two_slips_in_a_given_name_with_the_same_own_mobile_are_the_person(register_of, stored, written):
    him = person(given_name=stored, family_name="Buckley", emails=None, birthday=None, addresses=None)
    match = register_of(him)
    (hit,) = match({**him, "given_name": written})
    assert hit["reasons"]["given_name"].get("slips") == 2 and hit["verdict"] == "duplicate"
    # a mobile lent to another name (or to a sibling two letters away with another one) is not
    (other,) = match({**him, "given_name": written, "phones": [{"number": "070-999 88 77"}]})
    assert other["verdict"] != "duplicate"


@pytest.mark.parametrize(
    "stored, written", [("Fredrik", "Freddde"), ("Alexander", "Aelx"), ("Kalle", "Kaarl")]
)
def test_a_nickname_with_a_slip_still_means_the_name(register_of, stored, written):
    match = register_of(person(given_name=stored, emails=None, addresses=None))
    (hit,) = match(person(given_name=written, emails=None, addresses=None))
    assert hit["reasons"]["given_name"]["agreement"] == "similar" and hit["verdict"] == "duplicate"


def test_a_nickname_for_a_feminine_name_is_not_the_masculine_name(register_of):
    home = person(family_name="Sørensen", birthday=None, emails=None, phones=None)
    match = register_of({**home, "given_name": "Ulrik"})
    (hit,) = match({**home, "given_name": "Ulla"})  # Ulla is an Ulrika
    assert hit["reasons"]["given_name"]["agreement"] == "different" and hit["verdict"] != "duplicate"


@pytest.mark.parametrize(
    "stored, written",
    [
        (("Joakim", "Næss"), ("Nss", "Joakim")),  # swapped, and the short surname spoilt
        (("Christina", "Wahlström"), ("Wahlström", "C.")),  # swapped, and the given name an initial
    ],
)
def test_a_swap_with_one_name_spoilt_is_still_a_swap(register_of, stored, written):
    her = person(emails=None, addresses=None, birthday=None)
    match = register_of({**her, "given_name": stored[0], "family_name": stored[1]})
    (hit,) = match({**her, "given_name": written[0], "family_name": written[1]})
    assert hit["reasons"]["given_name"].get("note") == "given and family name swapped"
    assert hit["verdict"] == "duplicate"

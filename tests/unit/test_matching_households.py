"""Duplicate matching (C2) among people who share an address: a spouse, father and son,
a couple, twins, and what a mobile, an e-mail or a fixed line says about them."""

import pytest

from tests.unit.matching_helpers import ASA, person, top


def test_a_household_member_is_not_a_duplicate(register_of):
    match = register_of(ASA)
    husband = person(
        given_name="Per",
        birthday="1979-03-02",
        phones=[{"number": "070-999 88 77"}],
        emails=[{"address": "per@example.se"}],
    )
    hits = match(husband)
    assert not hits or hits[0]["verdict"] == "distinct"


@pytest.mark.parametrize("man, woman, slip", [("Erik", "Erika", "Eirk"), ("Johan", "Johanna", "Johna")])
def test_a_name_with_a_feminine_ending_at_the_same_address_is_another_person(register_of, man, woman, slip):
    him = {
        "kind": "person",
        "given_name": man,
        "family_name": "Lindqvist",
        "phones": [{"number": "070-123 45 67"}],
        "addresses": [{"street": "Storgatan 12 B", "postal_code": "411 38", "city": "Göteborg"}],
    }
    match = register_of(him)
    (hit,) = match({**him, "given_name": woman})
    assert hit["reasons"]["given_name"]["agreement"] == "different" and hit["verdict"] != "duplicate"
    assert top(match({**him, "given_name": slip})) == (match.ids[0], "duplicate")  # a typo still is him


def test_father_and_son_of_one_name_at_one_address_are_not_duplicates(register_of):
    father = person(given_name="Lars", birthday="1950-03-04", emails=None, phones=None)
    match = register_of(father)
    assert top(match(person(given_name="Lars", birthday="1950-04-03", emails=None))) == (
        match.ids[0],
        "duplicate",
    )
    (hit,) = match({**father, "birthday": "1984-10-21"})
    assert hit["reasons"]["address"]["agreement"] == "exact" and hit["verdict"] != "duplicate"


def test_one_name_at_one_address_with_each_their_own_mobile_or_email_is_two_people(register_of):
    match = register_of(person(birthday=None))
    (hit,) = match(person(birthday=None, emails=None, phones=[{"number": "073-555 12 34"}]))
    assert hit["reasons"]["phone"] == {**hit["reasons"]["phone"], "agreement": "different", "personal": True}
    assert hit["reasons"]["address"]["agreement"] == "exact" and hit["verdict"] == "review"
    (hit,) = match(person(birthday=None, phones=None, emails=[{"address": "asa.l@example.se"}]))
    assert hit["reasons"]["email"]["agreement"] == "different" and hit["verdict"] == "review"
    # without the other phone or e-mail, it is the person again
    assert top(match(person(birthday=None, emails=None, phones=None))) == (match.ids[0], "duplicate")


def test_a_fixed_line_is_the_households_so_another_one_does_not_tell_people_apart(register_of):
    match = register_of(person(birthday=None, emails=None, phones=[{"number": "031-12 34 56"}]))
    (hit,) = match(person(birthday=None, emails=None, phones=[{"number": "031-65 43 21"}]))
    assert "personal" not in hit["reasons"]["phone"] and hit["verdict"] == "duplicate"


def test_a_couple_whose_birthdays_are_a_slip_apart_are_two_people(register_of):
    match = register_of(person(given_name="Kenneth", birthday="1974-08-14", phones=None, emails=None))
    (hit,) = match(person(given_name="Patricia", birthday="1971-08-14", phones=None, emails=None))
    assert hit["reasons"]["birthday"]["agreement"] == "similar" and hit["verdict"] != "duplicate"


@pytest.mark.parametrize("first, second", [("Jonas", "Erik"), ("Bengt", "Berit")])
def test_twins_at_one_address_wait_for_review_however_alike_their_names(register_of, first, second):
    """Twins share a surname, a birthday and an address, and often names two letters apart."""
    home = person(family_name="Karlsson", birthday="1990-05-06", emails=None, phones=None)
    match = register_of({**home, "given_name": first})
    (hit,) = match({**home, "given_name": second})
    assert hit["reasons"]["birthday"]["agreement"] == "exact" and hit["verdict"] == "review"

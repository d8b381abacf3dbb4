"""Duplicate matching (C2) field by field: national ids with and without a checksum,
birthdays a slip apart, streets and towns, and e-mail addresses."""

import pytest

from services.customer.streets import street_and_house
from tests.unit.matching_helpers import ASA, AU, person, top


def test_a_different_national_id_outweighs_a_shared_name(register_of):
    match = register_of({**ASA, "national_id": "811228-9874"})
    hits = match(
        {"kind": "person", "given_name": "Åsa", "family_name": "Lindqvist", "national_id": "900101-0008"}
    )
    assert not hits or hits[0]["verdict"] == "distinct"


@pytest.mark.parametrize(
    "written", ["Storgatan 12 B", "Storg. 12b", "storgatan12B", "Storgatan 12B, lgh 1102"]
)
def test_street_spellings_are_one_address(written):
    assert street_and_house(written) == ("storg", "12b")


@pytest.mark.parametrize(
    "other, agreement",
    [
        ("1981-12-28", "exact"),
        ("1981-28-12", None),  # not a date: the swapped form is checked below
        ("1918-12-28", "similar"),  # neighbouring digits swapped
        ("1981-12-29", "similar"),  # one digit
        ("1981-12-13", "different"),  # two digits, not a swap
        ("1998-12-28", "different"),  # another year: another person of that name
        ("1981-11-27", "different"),  # two parts
    ],
)
def test_a_birthday_is_similar_only_when_one_slip_of_the_keyboard_apart(other, agreement):
    from datetime import date

    from services.customer.scoring import compare_birthday

    if agreement is None:
        assert compare_birthday(date(1981, 12, 11), date(1981, 11, 12))["agreement"] == "similar"
        return
    assert compare_birthday(date(1981, 12, 28), date.fromisoformat(other))["agreement"] == agreement


def test_another_family_name_and_the_same_birthday_is_not_enough(register_of):
    match = register_of(person(phones=None, addresses=None))
    (hit,) = match(person(family_name="Berglund", phones=None, emails=None, addresses=None))
    assert hit["reasons"]["birthday"]["agreement"] == "exact" and hit["verdict"] != "duplicate"
    married = match(person(family_name="Berglund", addresses=None, phones=None))  # her e-mail too
    assert top(married) == (match.ids[0], "duplicate")


def test_the_same_street_and_number_in_another_town_is_another_address(register_of):
    match = register_of(person(phones=None, emails=None, birthday=None))
    (hit,) = match(
        person(
            phones=None,
            emails=None,
            birthday=None,
            addresses=[{"street": "Storgatan 12 B", "postal_code": "903 26", "city": "Umeå"}],
        )
    )
    assert hit["reasons"]["address"]["agreement"] == "different"


def test_two_ids_valid_by_their_checksum_are_two_people_whatever_else_agrees(register_of):
    match = register_of(person(national_id="811228-1004"))
    (hit,) = match(person(national_id="811228-1038"))
    assert hit["reasons"]["national_id"]["agreement"] == "different"
    assert hit["reasons"]["national_id"]["conclusive"] is True
    assert hit["verdict"] != "duplicate"


def test_an_id_no_checksum_guards_is_outweighed_by_the_same_birthday(register_of):
    match = register_of({**AU, "birthday": "1974-12-15", "national_id": "8164610"})
    (hit,) = match({**AU, "birthday": "1974-12-15", "national_id": "8587561"})
    assert hit["reasons"]["national_id"]["agreement"] == "different"
    assert "conclusive" not in hit["reasons"]["national_id"]
    assert top([hit]) == (match.ids[0], "duplicate")
    # with no birthday to show the id mistyped, two ids are still two people (father and son)
    (hit,) = match({**AU, "national_id": "8587561"})
    assert hit["verdict"] != "duplicate"


def test_the_same_id_outweighs_a_wrong_birthday_but_not_when_both_differ(register_of):
    match = register_of({**AU, "birthday": "1948-05-11", "national_id": "7096343"})
    assert top(match({**AU, "birthday": "1926-08-12", "national_id": "7096343"})) == (
        match.ids[0],
        "duplicate",
    )
    (hit,) = match({**AU, "birthday": "1926-08-12", "national_id": "2625486"})
    assert hit["verdict"] != "duplicate"


def test_an_id_one_slip_away_still_shows_the_person_behind_another_given_name(register_of):
    flynn = {"kind": "person", "given_name": "Flynn", "family_name": "Rollins", "country": "AU"}
    address = {"street": "16 Fimister Circuit", "postal_code": "5032", "city": "Brown Hill"}
    match = register_of({**flynn, "national_id": "2427387", "addresses": [address]})
    (hit,) = match({**flynn, "given_name": "Zachary", "national_id": "2423787", "addresses": [address]})
    assert hit["reasons"]["given_name"]["agreement"] == "different"
    assert hit["reasons"]["national_id"]["agreement"] == "similar" and hit["verdict"] == "duplicate"


@pytest.mark.parametrize(
    "stored, written, agreement",
    [
        ("agnes.svahn@mail.example", "agnessvahn@MAIL.EXAMPLE", "exact"),  # a dot left out
        ("ann.astrom@post.example", "anna.strom@post.example", "similar"),  # another mailbox
        ("ann.astrom@gmail.com", "anna.strom@gmail.com", "exact"),  # Gmail reads no dots
    ],
)
def test_an_e_mail_with_its_dots_elsewhere_is_only_like_it(register_of, stored, written, agreement):
    match = register_of(person(emails=[{"address": stored}], phones=None, addresses=None, birthday=None))
    (hit,) = match(person(emails=[{"address": written}], phones=None, addresses=None, birthday=None))
    assert hit["reasons"]["email"]["agreement"] == agreement

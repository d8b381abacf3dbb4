"""Duplicate matching (C2) against what real data does, on a real SQLite register: the
look-alikes of a stored person or firm, and how sure a match may be. Households, names,
the other fields and the blocking keys have test_matching_*.py."""

import pytest

from tests.unit.matching_helpers import ASA, person, top


@pytest.mark.parametrize(
    "variant",
    [
        person(),
        person(given_name="Asa"),  # diacritics
        person(family_name="Lindqvsit"),  # transposed letters
        person(family_name="Lindkvist"),  # spelling variant
        person(given_name="Lindqvist", family_name="Åsa"),  # swapped
        person(phones=[{"number": "+46 70 123 45 67"}], emails=None, addresses=None, birthday=None),
        person(emails=[{"address": "Asa.Lindqvist@Example.SE"}], phones=None, addresses=None),
        person(
            addresses=[{"street": "Storg. 12b", "postal_code": "41138", "city": "Göteborg"}],
            phones=None,
            emails=None,
        ),  # abbreviation
        person(
            addresses=[{"street": "storgatan12B", "postal_code": "411 38", "city": "Gbg"}],
            phones=None,
            emails=None,
        ),  # glued house number
        person(birthday=None, phones=None),  # missing fields
    ],
    ids=[
        "same",
        "diacritics",
        "transposed",
        "variant",
        "swapped",
        "phone-format",
        "email-case-dots",
        "street-abbrev",
        "glued-house",
        "missing-fields",
    ],
)
def test_a_look_alike_of_a_stored_person_is_a_duplicate(register_of, variant):
    match = register_of(
        ASA,
        {
            "kind": "person",
            "name": "Bo Ek",
            "addresses": [{"street": "Storgatan 14", "postal_code": "411 38", "city": "Göteborg"}],
        },
    )
    assert top(match(variant)) == (match.ids[0], "duplicate")


def test_nickname_and_initial_find_the_person(register_of):
    karl = {
        "kind": "person",
        "given_name": "Karl",
        "family_name": "Johansson",
        "addresses": [{"street": "Sveavägen 1", "postal_code": "111 57", "city": "Stockholm"}],
        "phones": [{"number": "08-555 000 11"}],
    }
    match = register_of(karl)
    for given in ("Kalle", "K."):
        hits = match({**karl, "given_name": given})
        assert top(hits)[0] == match.ids[0] and hits[0]["verdict"] in ("duplicate", "review"), given


def test_the_same_common_name_elsewhere_is_not_a_duplicate(register_of):
    anna = {
        "kind": "person",
        "given_name": "Anna",
        "family_name": "Andersson",
        "addresses": [{"street": "Kungsgatan 1", "postal_code": "111 43", "city": "Stockholm"}],
    }
    others = [{**anna, "given_name": g} for g in ("Eva", "Maria", "Karin", "Sara", "Lena")] * 4
    match = register_of(anna, *others)
    elsewhere = {**anna, "addresses": [{"street": "Lillgatan 9", "postal_code": "903 26", "city": "Umeå"}]}
    hits = [h for h in match(elsewhere) if h["customer"]["id"] == match.ids[0]]
    assert hits == [] or hits[0]["verdict"] == "distinct"


def test_reasons_say_per_field_what_agreed(register_of):
    match = register_of(ASA)
    (hit,) = match(person(given_name="Lindqvist", family_name="Åsa", emails=None))
    r = hit["reasons"]
    assert r["family_name"]["agreement"] == "exact" and "swapped" in r["given_name"]["note"]
    assert r["phone"]["agreement"] == "exact" and r["email"]["agreement"] == "missing"
    assert r["address"]["agreement"] == "exact" and r["birthday"]["agreement"] == "exact"
    assert 0 <= hit["score"] <= 1


def test_organisations_match_without_their_legal_form(register_of):
    org = {
        "kind": "organisation",
        "name": "Nordisk Trädgård AB",
        "org_number": "556036-0793",
        "addresses": [{"street": "Sveavägen 12", "postal_code": "111 57", "city": "Stockholm"}],
    }
    match = register_of(org)
    assert top(
        match(
            {
                "kind": "organisation",
                "name": "Nordisk Tradgard Aktiebolag",
                "addresses": [{"street": "Sveav. 12", "postal_code": "11157", "city": "Sthlm"}],
            }
        )
    ) == (match.ids[0], "duplicate")
    assert (
        top(match({"kind": "organisation", "name": "Nordisk Trädgård", "org_number": "5560360793"}))[1]
        == "duplicate"
    )
    assert match({"kind": "person", "name": "Nordisk Trädgård"}) == []


def test_an_empty_register_has_no_look_alikes(register_of):
    assert register_of()(ASA) == []


def test_a_name_alone_is_at_most_a_review(register_of):
    match = register_of(ASA)
    (hit,) = match({"kind": "person", "given_name": "Åsa", "family_name": "Lindqvist"})
    assert hit["verdict"] == "review" and hit["score"] > 0.9


def test_a_firm_named_again_in_a_small_register_waits_for_review(register_of):
    firms = [
        {"kind": "organisation", "name": f"Firma {word} {i} AB"}
        for i, word in enumerate(["Nord", "Syd"] * 10)
    ]
    match = register_of({"kind": "organisation", "name": "Nordisk Trädgård AB"}, *firms)
    assert top(match({"kind": "organisation", "name": "Nordisk Trädgård AB"})) == (match.ids[0], "review")

import datetime

import pytest

from services.customer.identifiers import InvalidIdentifier, birth_date, national_id, org_number


def test_a_valid_swedish_personnummer_is_kept_and_gives_the_birth_date():
    assert national_id("8112289874", "SE") == "811228-9874"
    assert birth_date("811228-9874", "SE") == datetime.date(1981, 12, 28)


@pytest.mark.parametrize(
    "country, value",
    [
        ("SE", "811228-9873"),  # wrong check digit
        ("NO", "15108695089"),  # wrong control digits
        ("PL", "44051401358"),  # PESEL with a bad checksum
        ("FI", "131052-308U"),  # HETU with the wrong letter
    ],
)
def test_a_broken_national_id_is_refused(country, value):
    with pytest.raises(InvalidIdentifier):
        national_id(value, country)


@pytest.mark.parametrize(
    "country, value, compact",
    [
        ("SE", "556036-0793", "5560360793"),
        ("NO", "988 077 917", "988077917"),
        ("DK", "13585628", "13585628"),
        ("PL", "PL 8567346215", "8567346215"),
    ],
)
def test_organisation_numbers_are_validated_per_country(country, value, compact):
    assert org_number(value, country) == compact


def test_a_broken_organisation_number_is_refused():
    with pytest.raises(InvalidIdentifier):
        org_number("556036-0794", "SE")


def test_a_country_without_a_rule_takes_the_id_as_written():
    assert national_id(" AB123456 ", "GB") == "AB123456"

"""Postal codes against the real Nordic registers (C4) and address blocks (C3)."""

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.addresses import AddressBlockIn
from crm_common.errors import InvalidInput
from services.customer import address_blocks, address_warnings, postcodes
from services.customer.models import Base


@pytest.mark.parametrize(
    "country, code, town",
    [
        ("SE", "411 38", "Göteborg"),
        ("SE", "41138", "GÖTEBORG"),
        ("SE", "111 57", "Stockholm"),
        ("NO", "0154", "Oslo"),
        ("DK", "1050", "København"),
        ("FI", "00100", "Helsinki"),
        ("IS", "101", "Reykjavík"),
        ("AX", "22100", "Mariehamn"),
        ("FO", "100", "Tórshavn"),
        ("GL", "3900", "Nuuk"),
    ],
)
def test_real_codes_with_their_towns_pass(country, code, town):
    assert postcodes.check(country, code, town) is None


def test_an_unknown_code_is_flagged():
    assert postcodes.check("SE", "999 99", "Stockholm")["code"] == "unknown_postal_code"
    assert postcodes.check("NO", "9999", None)["code"] == "unknown_postal_code"


def test_a_town_elsewhere_is_flagged_with_the_expected_town():
    problem = postcodes.check("SE", "411 38", "Stockholm")
    assert problem["code"] == "town_mismatch" and problem["expected"] == "GÖTEBORG"


def test_a_country_without_a_register_here_is_not_judged():
    assert postcodes.check("DE", "10115", "Anywhere") is None


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def block(uow, **data):
    with uow.transaction() as session:
        return address_blocks.create_block(
            session, load(AddressBlockIn(), {"reason": "fraud", **data}), "sup", "SE"
        ).id


def warned(uow, street="Storgatan 12", code="411 38", city="Göteborg", country="SE"):
    with uow.read() as session:
        found = address_warnings.warnings(
            session, [{"street": street, "postal_code": code, "city": city, "country": country}], "SE"
        )
        return [w["code"] for w in found]


def test_each_kind_of_block_covers_its_addresses_only(uow):
    block(uow, kind="postcode", postal_code="411 38")
    assert warned(uow) == ["address_blocked"]
    assert warned(uow, code="411 39") == []


def test_a_postcode_range(uow):
    block(uow, kind="postcode_range", postal_code="111 00", postal_code_to="111 99")
    assert warned(uow, code="111 57", city="Stockholm") == ["address_blocked"]
    assert warned(uow, code="112 01", city="Stockholm") == []


def test_a_street_in_a_town(uow):
    block(uow, kind="street", street="Storgatan", city="Göteborg")
    assert warned(uow, street="Storg. 40") == ["address_blocked"]
    assert warned(uow, street="Storgatan 1", code="111 57", city="Stockholm") == []


def test_one_exact_address(uow):
    block(uow, kind="address", street="Storgatan 12 B", postal_code="41138")
    assert warned(uow, street="storgatan12b") == ["address_blocked"]
    assert warned(uow, street="Storgatan 12 C") == []


def test_blocks_and_postal_problems_come_together(uow):
    block(uow, kind="postcode", postal_code="411 38")
    assert warned(uow, city="Stockholm") == ["address_blocked", "town_mismatch"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "postcode_range", "postal_code": "200 00", "postal_code_to": "100 00"}, "postal_code_to"),
        ({"kind": "address", "street": "Storgatan", "postal_code": "41138"}, "street"),
        # more than the columns hold: a house number of 30 digits, a name that folds longer
        ({"kind": "street", "street": "Storgatan " + "1" * 30, "city": "Göteborg"}, "street"),
        ({"kind": "street", "street": "æ" * 150, "city": "Göteborg"}, "street"),
    ],
)
def test_a_block_that_makes_no_sense_is_refused(uow, data, field):
    with pytest.raises(InvalidInput) as err:
        block(uow, **data)
    assert field in err.value.fields


def test_a_block_needs_the_fields_of_its_kind():
    with pytest.raises(InvalidInput) as err:
        load(AddressBlockIn(), {"kind": "street", "street": "Storgatan", "reason": "x"})
    assert "city" in err.value.fields

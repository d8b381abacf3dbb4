import pytest

from crm_common.phones import NotAPhoneNumber, caller_e164, is_fixed_line, to_e164


@pytest.mark.parametrize("written", ["+46 8 123 45 67", "08-123 45 67", "0046812345 67", "08/1234567"])
def test_every_way_of_writing_a_stockholm_number_is_the_same_number(written):
    assert to_e164(written, "SE") == "+4681234567"


def test_a_national_number_is_read_in_the_given_country():
    assert to_e164("22 33 44 55", "NO") == "+4722334455"
    assert to_e164("0701234567", "SE") == "+46701234567"


@pytest.mark.parametrize("garbage", ["", "   ", "abc", "12"])
def test_garbage_is_not_a_number(garbage):
    with pytest.raises(NotAPhoneNumber):
        to_e164(garbage, "SE")


@pytest.mark.parametrize("withheld", [None, "", "anonymous", "unknown"])
def test_a_withheld_caller_id_resolves_to_nothing(withheld):
    assert caller_e164(withheld, "SE") is None


@pytest.mark.parametrize(
    "number, fixed",
    [
        ("+4681234567", True),
        ("+46701234567", False),
        ("+4722123456", True),
        ("+4741234567", False),
        ("+4521234567", False),
        ("+48221234567", True),
        ("+48501234567", False),
    ],
)
def test_a_fixed_line_is_told_from_a_mobile_by_the_numbering_plan(number, fixed):
    assert is_fixed_line(number) is fixed

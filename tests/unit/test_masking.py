"""National ids as each role sees them (gateway/masking.py)."""

from gateway.masking import for_role, mask_national_id


def test_an_agent_sees_the_birth_date_part_and_stars():
    assert mask_national_id("19811218-1234") == "19811218-****"
    assert mask_national_id("811228-9874") == "811228-****"
    assert mask_national_id("121212+1212") == "121212+****"  # a Swede over 100
    assert mask_national_id("198112181234") == "19811218****"
    assert mask_national_id("8112289874") == "811228****"
    assert mask_national_id("131052-308T") == "131052-****"


def test_what_holds_no_date_is_starred_whole():
    assert mask_national_id("12345") == "*****"
    assert mask_national_id(None) is None
    assert mask_national_id("") == ""


def test_every_national_id_in_an_answer_is_masked_for_an_agent_only():
    answer = {
        "customer": {"id": 1, "national_id": "811228-9874", "name": "Åsa"},
        "items": [{"national_id": "811228-9874"}, {"national_id": None}],
        "snapshot": {"data": {"national_id": "8112289874"}},
        "reasons": {"national_id": {"agreement": 1.0}},  # not an id: left alone
    }
    masked = for_role("agent", answer)
    assert masked["customer"] == {"id": 1, "national_id": "811228-****", "name": "Åsa"}
    assert masked["items"] == [{"national_id": "811228-****"}, {"national_id": None}]
    assert masked["snapshot"]["data"]["national_id"] == "811228****"
    assert masked["reasons"] == {"national_id": {"agreement": 1.0}}
    assert answer["customer"]["national_id"] == "811228-9874"  # the answer itself is not changed
    for role in ("supervisor", "admin", "customer"):
        assert for_role(role, answer) is answer
    assert for_role(None, answer)["customer"]["national_id"] == "811228-****"

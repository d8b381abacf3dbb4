import pytest

from crm_common.errors import Forbidden, Unauthorized
from gateway.auth import Principal, hash_password, issue_token, read_token, verify_password

SECRET = "s3cret"


def test_a_password_verifies_only_against_its_own_hash():
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horsf", stored)


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("pw-pw-pw-pw") != hash_password("pw-pw-pw-pw")


def test_a_token_names_who_logged_in():
    token = issue_token(Principal("ann", "agent"), SECRET, 60, now=1000)
    assert read_token(token, SECRET, now=1030) == Principal("ann", "agent", None)


def test_an_expired_token_is_refused():
    token = issue_token(Principal("ann", "agent"), SECRET, 60, now=1000)
    with pytest.raises(Unauthorized, match="expired"):
        read_token(token, SECRET, now=1061)


def test_a_token_with_a_changed_role_is_refused():
    token = issue_token(Principal("ann", "agent"), SECRET, 60, now=1000)
    forged = issue_token(Principal("ann", "admin"), SECRET, 60, now=1000).split(".")[0]
    with pytest.raises(Unauthorized):
        read_token(f"{forged}.{token.split('.')[1]}", SECRET, now=1001)
    with pytest.raises(Unauthorized):
        read_token(token, "another secret", now=1001)


def test_a_higher_staff_role_may_do_what_a_lower_one_may():
    Principal("s", "supervisor").require(("agent",))
    Principal("a", "admin").require(("agent", "supervisor"))
    with pytest.raises(Forbidden):
        Principal("a", "agent").require(("admin",))


def test_customers_and_the_pbx_are_not_staff():
    for role in ("customer", "pbx"):
        with pytest.raises(Forbidden):
            Principal("x", role).require(("agent",))
    Principal("p", "pbx").require(("pbx",))

import pytest

from crm_common.errors import Forbidden, Unauthorized
from gateway.auth import (
    Principal,
    hash_password,
    issue_token,
    needs_rehash,
    read_token,
    verify_password,
)

SECRET = "s3cret"
# A password stored before argon2id: scrypt, n=2**14, r=8, p=1 ("correct horse").
OLD_SCRYPT = "scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw$JbN2hANm9NOw4h5BRHZnbjzQ6Jr0QwNWojTOC2WgIbU"


def test_a_password_verifies_only_against_its_own_hash():
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horsf", stored)


def test_passwords_are_hashed_with_owasps_argon2id_parameters_or_stronger():
    stored = hash_password("correct horse")
    settings = dict(kv.split("=") for kv in stored.split("$")[3].split(","))
    assert int(settings["m"]) >= 19 * 1024 and int(settings["t"]) >= 2 and int(settings["p"]) == 1
    assert not needs_rehash(stored)


def test_an_old_scrypt_hash_still_verifies_and_asks_to_be_stored_anew():
    assert verify_password("correct horse", OLD_SCRYPT)
    assert not verify_password("correct horsf", OLD_SCRYPT)
    assert needs_rehash(OLD_SCRYPT)
    weaker = "$argon2id$v=19$m=8192,t=1,p=1$" + hash_password("x").split("$", 4)[4]
    assert needs_rehash(weaker)


@pytest.mark.parametrize("token", ["é", "é.é", "abc.dé", "eyJ9.ñ", "a.b.c", ""])
def test_a_token_with_any_characters_is_refused_not_an_error(token):
    with pytest.raises(Unauthorized):
        read_token(token, SECRET)


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

"""The register's rules, on a real (SQLite) session, without nameko."""

import pytest
from sqlalchemy import text

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate, CustomerUpdate
from crm_common.errors import InvalidInput, NotFound
from services.customer import register, relations
from services.customer.models import Base


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def create(uow, **data):
    with uow.transaction() as session:
        return register.create_customer(session, load(CustomerCreate(), data), "SE").id


def person(**extra):
    return {"kind": "person", "given_name": "Åsa", "family_name": "Lindqvist", **extra}


def test_a_person_is_stored_with_e164_phones_and_a_display_name(uow):
    cid = create(
        uow, **person(phones=[{"number": "070-123 45 67"}], emails=[{"address": "Asa.L@Example.se"}])
    )
    with uow.read() as session:
        c = register.get_customer(session, cid)
        assert (c.name, c.country, c.phones[0].e164) == ("Åsa Lindqvist", "SE", "+46701234567")
        assert c.emails[0].normalised == "asa.l@example.se"


def test_a_stored_number_is_read_in_the_customers_own_country(uow):
    cid = create(uow, **person(country="NO", phones=[{"number": "22 33 44 55"}]))
    with uow.read() as session:
        assert register.get_customer(session, cid).phones[0].e164 == "+4722334455"


def test_an_invalid_personnummer_is_refused_and_nothing_is_written(uow):
    with pytest.raises(InvalidInput) as err:
        create(uow, **person(national_id="811228-9873"))
    assert "national_id" in err.value.fields
    with uow.read() as session:
        assert register.search_customers(session, "Lindqvist", "SE") == []


def test_a_bad_phone_number_names_the_field(uow):
    with pytest.raises(InvalidInput) as err:
        create(uow, **person(phones=[{"number": "070-123 45 67"}, {"number": "not-a-number"}]))
    assert list(err.value.fields) == ["phones.1.number"]


def test_an_address_change_keeps_the_old_address_with_its_dates(uow):
    cid = create(
        uow, **person(addresses=[{"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}])
    )
    with uow.transaction() as session:
        register.update_customer(
            session,
            cid,
            load(
                CustomerUpdate(),
                {"addresses": [{"street": "Vägen 9", "postal_code": "111 57", "city": "Stockholm"}]},
            ),
        )
    with uow.read() as session:
        addresses = register.get_customer(session, cid).addresses
        old, new = sorted(addresses, key=lambda a: a.id)
        assert (old.street, new.street) == ("Storgatan 3", "Vägen 9")
        assert old.valid_to is not None and old.valid_to >= old.valid_from
        assert new.valid_to is None and new.valid_from == old.valid_to


def test_sending_the_same_address_again_changes_nothing(uow):
    address = {"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}
    cid = create(uow, **person(addresses=[address]))
    with uow.transaction() as session:
        register.update_customer(session, cid, load(CustomerUpdate(), {"addresses": [address]}))
    with uow.read() as session:
        assert len(register.get_customer(session, cid).addresses) == 1


@pytest.mark.parametrize(
    "query",
    [
        "08-123 45 67",
        "+46 8 123 45 67",
        "0046812345 67",
        "08/1234567",
        "nordisk",
        "5560360793",
        "info@nordisk.example",
    ],
)
def test_search_finds_by_name_phone_number_and_email(uow, query):
    cid = create(
        uow,
        kind="organisation",
        name="Nordisk Trädgård AB",
        org_number="556036-0793",
        phones=[{"number": "08-123 45 67"}],
        emails=[{"address": "info@nordisk.example"}],
    )
    create(uow, **person())
    with uow.read() as session:
        assert [c.id for c in register.search_customers(session, query, "SE")] == [cid]


def test_find_by_phone_uses_the_index_and_ignores_other_numbers(uow):
    cid = create(uow, **person(phones=[{"number": "08-123 45 67"}]))
    create(uow, **person(given_name="Bo", phones=[{"number": "08-123 45 68"}]))
    with uow.read() as session:
        assert [c.id for c in register.find_by_phone(session, "+4681234567")] == [cid]
        plan = " ".join(
            str(r)
            for r in session.execute(
                text("EXPLAIN QUERY PLAN SELECT customer_id FROM phones WHERE e164 = '+4681234567'")
            )
        )
        assert "ix_phones_e164" in plan


def test_a_person_cannot_have_an_org_number_and_kind_cannot_change(uow):
    with pytest.raises(InvalidInput) as err:
        load(CustomerCreate(), person(org_number="5560360793"))
    assert "org_number" in err.value.fields
    cid = create(uow, **person())
    with pytest.raises(InvalidInput), uow.transaction() as session:
        register.update_customer(session, cid, {"kind": "organisation"})


def test_employment_links_a_person_to_an_organisation_both_ways(uow):
    org = create(uow, kind="organisation", name="Acme AB")
    pid = create(uow, **person())
    with uow.transaction() as session:
        relations.link_person(session, org, {"person_id": pid, "job_title": "Buyer", "is_contact": True})
    with uow.read() as session:
        (of_person,) = relations.employments(session, pid)
        (of_org,) = relations.employments(session, org)
        assert of_person == of_org and of_person["organisation_name"] == "Acme AB"
        assert of_person["is_contact"] and of_person["job_title"] == "Buyer"


def test_linking_to_a_person_as_if_it_were_an_organisation_is_refused(uow):
    a, b = create(uow, **person()), create(uow, **person(given_name="Bo"))
    with pytest.raises(InvalidInput) as err, uow.transaction() as session:
        relations.link_person(session, a, {"person_id": b})
    assert "organisation_id" in err.value.fields


def test_notes_come_newest_first_and_need_a_customer(uow):
    cid = create(uow, **person())
    with uow.transaction() as session:
        for text in ("first", "second", "third", "fourth"):
            relations.add_note(session, cid, "ann", text)
    with uow.read() as session:
        assert [n.text for n in relations.latest_notes(session, cid, 3)] == ["fourth", "third", "second"]
    with pytest.raises(NotFound), uow.transaction() as session:
        relations.add_note(session, 999, "ann", "x")

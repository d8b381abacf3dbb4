"""Smart selections (C10): criteria in any combination compile to one query over the
register and its read model; bad criteria are refused by path; user text stays text."""

from datetime import datetime, timedelta, timezone

import pytest

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.errors import InvalidInput
from services.customer import intake, relations, selection_model, selections
from services.customer.models import Base, Note

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def person(session, name, postcode="411 01", phone=None, **extra):
    given, family = name.split()
    data = {
        "kind": "person",
        "given_name": given,
        "family_name": family,
        "addresses": [{"street": "Gatan 1", "postal_code": postcode, "city": "Göteborg"}],
        **extra,
    }
    if phone:
        data["phones"] = [{"number": phone}]
    return intake.create(session, load(CustomerCreate(), data), "SE")


def bought(session, customer, order_id, *skus, days_ago=10, group=None):
    selection_model.add_purchases(
        session,
        {
            "order_id": order_id,
            "customer_id": customer.id,
            "placed_at": (NOW - timedelta(days=days_ago)).isoformat(),
            "lines": [{"sku": sku, "product_group": group} for sku in skus],
        },
    )


def names(session, criteria):
    return sorted(c.name for c in selections.members(session, selections.validate(criteria), "SE", NOW, 100))


def test_bought_x_not_y_not_contacted_in_90_days_in_a_postcode_range(uow):
    with uow.transaction() as session:
        anna = person(session, "Anna Ek", "411 01")
        bo = person(session, "Bo Al", "411 20")
        cia = person(session, "Cia Ros", "112 30")  # outside the range
        dan = person(session, "Dan Lind", "411 05")
        for customer, order in ((anna, 1), (bo, 2), (cia, 3), (dan, 4)):
            bought(session, customer, order, "SPADE-01")
        bought(session, bo, 5, "RAKE-02")  # bought Y too
        relations.record_contact(session, dan.id, NOW - timedelta(days=20))  # contacted lately
        relations.record_contact(session, anna.id, NOW - timedelta(days=200))
        criteria = {
            "all": [
                {"bought": {"sku": "SPADE-01"}},
                {"not": {"bought": {"sku": "RAKE-02"}}},
                {"not_contacted_days": 90},
                {"postcode_range": {"from": "400 00", "to": "419 99"}},
            ]
        }
        assert names(session, criteria) == ["Anna Ek"]
        assert selections.size(session, selections.validate(criteria), "SE", NOW) == 1


def test_periods_groups_mailings_area_codes_titles_and_notes(uow):
    with uow.transaction() as session:
        eva = person(session, "Eva Berg", phone="08-123 45 67", job_title="Inköpschef")
        intake.create(
            session,
            load(CustomerCreate(), {"kind": "organisation", "name": "Berg AB", "industry": "Retail"}),
            "SE",
        )
        fia = person(session, "Fia Holm", phone="031-12 34 56", job_title="VD")
        bought(session, eva, 1, "SHEARS-02", days_ago=400, group="tools")
        bought(session, fia, 2, "SHEARS-03", days_ago=5, group="tools")
        selection_model.add_mailing(
            session,
            {
                "customer_id": fia.id,
                "message_id": 77,
                "template": "spring_news",
                "channel": "email",
                "sent_at": NOW.isoformat(),
            },
        )
        session.add(Note(customer_id=eva.id, author="ann", text="Pratade om 100% rabatt_kod", created_at=NOW))
        session.flush()
        recent = (NOW - timedelta(days=30)).date().isoformat()
        assert names(session, {"bought": {"product_group": "tools", "from": recent}}) == ["Fia Holm"]
        assert names(session, {"received_mailing": {"template": "spring_news"}}) == ["Fia Holm"]
        assert names(session, {"phone_area_code": "08"}) == ["Eva Berg"]
        assert names(session, {"job_title": "inköp"}) == ["Eva Berg"]
        assert names(session, {"industry": ["Retail"]}) == ["Berg AB"]
        assert names(session, {"note_contains": {"word": "100% rabatt_kod", "months": 1}}) == ["Eva Berg"]
        # wildcards in the user's text are text: "%" and "_" match only themselves
        assert names(session, {"note_contains": {"word": "100%%", "months": 1}}) == []
        assert names(session, {"job_title": "_"}) == []
        either = {"any": [{"tier": ["key"]}, {"not": {"phone_area_code": "08"}}]}
        assert names(session, either) == ["Berg AB", "Fia Holm"]


@pytest.mark.parametrize(
    "criteria, path",
    [
        ({"bough": {"sku": "x"}}, "criteria"),
        ({"bought": {"sku": "x", "product_group": "y"}}, "criteria.bought"),
        ({"bought": {"sku": "x", "from": "yesterday"}}, "criteria.bought.from"),
        ({"all": []}, "criteria.all"),
        ({"all": [{"tier": ["platinum"]}]}, "criteria.all.0.tier"),
        ({"not_contacted_days": "90"}, "criteria.not_contacted_days"),
        ({"postcode_range": {"from": "500", "to": "100"}}, "criteria.postcode_range.to"),
        ({"phone_area_code": "08'; DROP TABLE customers"}, "criteria.phone_area_code"),
        ({"tier": ["key"], "industry": ["x"]}, "criteria"),
    ],
)
def test_bad_criteria_are_refused_by_their_path(criteria, path):
    with pytest.raises(InvalidInput) as err:
        selections.validate(criteria)
    assert path in err.value.fields


def test_searching_and_selecting_by_text_folds_nordic_letters(uow):
    from services.customer import register

    with uow.transaction() as session:
        person(session, "Åsa Öberg", job_title="ÄGARE")
        assert [c.name for c in register.search_customers(session, "åsa öb", "SE")] == ["Åsa Öberg"]
        assert names(session, {"job_title": "ägare"}) == ["Åsa Öberg"]

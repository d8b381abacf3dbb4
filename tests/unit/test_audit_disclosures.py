"""What the audit trail is told, without a broker: a customer's change as fields with old
and new values (never a national id in clear), and which national ids an answer showed."""

import json
from decimal import Decimal

from werkzeug.wrappers import Response

from gateway.disclosures import exported, seen_ids
from services.customer.audit_trail import field_changes, snapshot
from services.customer.models import Address, Customer, Email, Phone


def customer(**extra):
    fields = {
        "kind": "person",
        "name": "Åsa Lind",
        "given_name": "Åsa",
        "family_name": "Lind",
        "country": "SE",
    }
    c = Customer(**{**fields, **extra}, categories=["vip"], tier="standard", newsletter=False)
    c.phones = [Phone(e164="+46701112233", raw="070-111 22 33", label="mobile")]
    c.emails = [Email(address="asa@example.se", normalised="asa@example.se", label="work")]
    c.addresses = [
        Address(kind="postal", street="Storgatan 3", postal_code="411 38", city="Göteborg", country="SE")
    ]
    return c


def test_a_change_lists_each_field_with_old_and_new_and_hides_a_national_id():
    before = snapshot(customer(national_id="811228-9874", payment_terms_days=30))
    after = snapshot(customer(national_id="850101-1234", family_name="Ek", payment_terms_days=10))
    found = {c["field"]: (c["old"], c["new"]) for c in field_changes(before, after)}
    assert found == {
        "national_id": ("[hidden]", "[hidden]"),
        "family_name": ("Lind", "Ek"),
        "payment_terms_days": (30, 10),
    }
    assert "9874" not in json.dumps(field_changes(before, after))


def test_the_snapshot_is_plain_json_and_leaves_the_credit_terms_to_their_own_act():
    shot = snapshot(customer(credit_limit=Decimal("5000"), discount_percent=Decimal("5")))
    assert shot["phones"] == ["+46701112233"] and shot["addresses"] == [
        "postal: Storgatan 3, 411 38 Göteborg, SE"
    ]
    assert "credit_limit" not in shot and "discount_percent" not in shot
    json.dumps(shot)
    assert field_changes(shot, snapshot(customer(credit_limit=Decimal("1")))) == []


def answer(data):
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


def test_only_national_ids_shown_whole_count_as_seen_each_customer_once():
    view = {
        "customer": {"id": 7, "kind": "person", "national_id": "811228-9874"},
        "merges": [
            {"snapshot": {"id": 9, "national_id": "850101-1234"}},
            {"snapshot": {"id": 7, "national_id": "811228-9874"}},
        ],
        "masked": [{"id": 8, "national_id": "811228-****"}, {"id": 10, "national_id": None}],
    }
    assert seen_ids(answer(view)) == [7, 9]
    assert seen_ids(answer([{"id": 3, "national_id": "19811228****"}])) == []
    assert seen_ids(answer({"data": {"kind": "person", "national_id": "811228-9874"}})) == [None]
    assert seen_ids(Response('{"national_id": "811228-9874"}', mimetype="text/csv")) == []


def test_an_export_is_marked_with_what_and_how_many_rows():
    marked = exported(Response("a\r\n1\r\n2\r\n", mimetype="text/csv"), "sales-by-seller", 2)
    assert marked.exported == {"what": "sales-by-seller", "rows": 2, "format": "text/csv"}

"""Object-level access: every route a customer's token or an integration key (PBX, web
shop, inbound mail) can reach, with each id it takes — in the path, the query and the
body — pointed at someone else's object. The answer must be 403 or 404 (or a safe new
object of the caller's own), and nothing of the other's may show in it.

One row per route, in object_access_routes.py. `test_every_route_outsiders_reach_has_a_row`
reads the gateway's own list of operations, so a new route that a customer or a machine
can reach fails until it has a row there."""

from __future__ import annotations

import uuid

import pytest

import gateway.service  # noqa: F401  (declares every route)
from gateway.routing import OPERATIONS
from tests.e2e.case_helpers import post_mail, raw_mail
from tests.e2e.customer_helpers import unique_name
from tests.e2e.object_access_routes import ROWS, World, bearer

OUTSIDERS = {"customer", "pbx", "shop", "inbound"}


def reachable() -> set[tuple[str, str]]:
    """Routes open to no login at all, or to one of the outsiders' roles."""
    return {(op.method, op.path) for op in OPERATIONS if not op.roles or OUTSIDERS & set(op.roles)}


def portal_login(stack, customer_id: int) -> tuple[dict, dict]:
    """A portal login for the customer: (its credentials, Authorization headers)."""
    login = {"username": f"portal-{uuid.uuid4().hex[:10]}", "password": f"pass-{uuid.uuid4().hex}"}
    r = stack.request(
        "POST", "/api/users", role="admin", json={**login, "role": "customer", "customer_id": customer_id}
    )
    assert r.status_code == 201, r.text
    return login, bearer(stack, login)


@pytest.fixture(scope="module")
def world(stack) -> World:
    t = uuid.uuid4().hex[:8]
    me = stack.request(
        "POST", "/api/customers", json={"kind": "person", "name": f"Mira {unique_name()}"}
    ).json()
    my_login, as_me = portal_login(stack, me["id"])
    name = f"Otto {unique_name()}"
    phone = f"+4670{int(t, 16) % 10**7:07d}"
    other = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "name": name,
            "country": "SE",
            "emails": [{"address": f"otto.{t}@example.se"}],
            "phones": [{"number": phone, "label": "mobile"}],
        },
    ).json()
    _, as_other = portal_login(stack, other["id"])
    subject = f"Ottos privata ärende {t}"
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": other["id"], "subject": subject, "channel": "email"}
    ).json()
    note = f"Intern anteckning om Otto {t}"
    assert stack.request("POST", f"/api/cases/{case['id']}/notes", json={"body": note}).status_code == 201
    reply = stack.request("POST", f"/api/cases/{case['id']}/replies", json={"body": "Vi ser på det."}).json()
    mail_subject = f"Ottos brev {t}"
    mail_id = f"<otto.{t}@example.se>"
    r = post_mail(stack, raw_mail(f"Otto <otto.{t}@example.se>", mail_subject, "Hej", mail_id))
    assert r.json()["opened"] and r.json()["case"]["customer_id"] == other["id"], r.text
    journal = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    sku = f"OA-{t}"
    body = {"sku": sku, "name": f"Spade {t}", "price": "100.00", "stock_on_hand": 50}
    assert stack.request("POST", "/api/products", role="admin", json=body).status_code == 201
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": other["id"], "lines": [{"sku": sku, "quantity": 1}]}
    ).json()
    hidden = stack.request(
        "POST",
        "/api/faq",
        json={"question": f"Hemlig fråga {t}?", "answer": f"Hemligt svar {t}", "published": False},
    ).json()
    from_case = stack.request(
        "POST",
        "/api/faq",
        json={"question": f"Vanlig fråga {t}?", "answer": "Svaret.", "source_case_id": case["id"]},
    ).json()
    return World(
        me=me["id"],
        my_login=my_login,
        as_me=as_me,
        other=other,
        as_other=as_other,
        other_phone=phone,
        other_case=case,
        secrets=[name, f"otto.{t}@example.se", phone, subject, note, f"Hemligt svar {t}", mail_subject],
        product=sku,
        other_order=order,
        other_reply=reply,
        other_mail={"case_id": r.json()["case"]["id"], "message_id": mail_id},
        journal=[e["id"] for e in journal if e["kind"] in ("message", "note")],
        hidden_faq=hidden["id"],
        faq_from_case=from_case["id"],
    )


# -- the sweep ------------------------------------------------------------------------------


def test_every_route_outsiders_reach_has_a_row():
    """A route a customer, a machine or anybody can reach needs a row above."""
    assert sorted(reachable() - set(ROWS)) == []
    assert sorted(set(ROWS) - reachable()) == []  # a row for a route that is gone or closed


@pytest.mark.parametrize("key", sorted(ROWS), ids=lambda key: f"{key[0]} {key[1]}")
def test_someone_elses_object_stays_theirs(stack, world, key):
    ROWS[key](stack, world)

"""The route table of test_object_access.py: one row per route a customer's token, an
integration key (PBX, web shop, inbound mail) or no login at all can reach. Each row is a
check that points the ids the route takes (in the path, the query and the body) at the
other customer's objects in the `World`; the answer must be 403 or 404 (or a safe new
object of the caller's own), and nothing of the other's may show in it.

Not a test module: test_object_access.py runs every row, and fails for a reachable route
without one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.e2e.case_helpers import post_mail, raw_mail
from tests.stack import PBX_KEY


def bearer(stack, login: dict) -> dict:
    r = stack.request("POST", "/api/auth/token", role=None, json=login)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@dataclass
class World:
    """Me (a portal customer) and the other customer, whose things I must not reach."""

    me: int
    my_login: dict
    as_me: dict
    other: dict
    as_other: dict
    other_phone: str
    other_case: dict
    secrets: list[str]  # text only the other customer's records (or staff) hold
    product: str
    other_order: dict
    other_reply: dict  # our answer on the other's case, with its Message-ID
    other_mail: dict  # the other's own mail, which opened a case of theirs
    journal: list[int]  # the messages and notes on the other's case
    hidden_faq: int
    faq_from_case: int


def keeps_secrets(r, w: World) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    for secret in w.secrets:
        assert secret not in r.text, (secret, r.text[:300])


def refused(r, w: World, *codes: int) -> None:
    keeps_secrets(r, w)
    assert r.status_code in (codes or (403, 404)), (r.status_code, r.text[:300])


def other_case_untouched(stack, w: World) -> None:
    """Nothing was added to the other's cases."""
    journal = stack.request("GET", f"/api/cases/{w.other_case['id']}/journal").json()
    assert [e["id"] for e in journal if e["kind"] in ("message", "note")] == w.journal
    journal = stack.request("GET", f"/api/cases/{w.other_mail['case_id']}/journal").json()
    assert [e["kind"] for e in journal if e["kind"] in ("message", "note")] == ["message"]


def as_me(stack, w: World, method: str, path: str, **kwargs):
    return stack.request(method, path, role=None, headers=dict(w.as_me), **kwargs)


ROWS = {}


def row(method: str, path: str):
    def register(check):
        ROWS[(method, path)] = check
        return check

    return register


# -- a customer's token ---------------------------------------------------------------------


@row("GET", "/api/me")
def _me(stack, w):
    r = as_me(stack, w, "GET", f"/api/me?customer_id={w.other['id']}")
    keeps_secrets(r, w)
    assert r.json()["customer_id"] == w.me


@row("GET", "/api/my/cases")
def _my_cases(stack, w):
    r = as_me(stack, w, "GET", f"/api/my/cases?customer_id={w.other['id']}")
    keeps_secrets(r, w)
    assert w.other_case["id"] not in [c["id"] for c in r.json()]
    assert {c["customer_id"] for c in r.json()} <= {w.me}


@row("GET", "/api/my/cases/<int:case_id>")
def _my_case(stack, w):
    refused(as_me(stack, w, "GET", f"/api/my/cases/{w.other_case['id']}?customer_id={w.other['id']}"), w, 404)


@row("POST", "/api/my/cases")
def _my_new_case(stack, w):
    number = w.other_case["number"]
    # an id in the body is no field of the form
    r = as_me(
        stack, w, "POST", "/api/my/cases", json={"subject": "x", "text": "y", "customer_id": w.other["id"]}
    )
    refused(r, w, 400)
    # quoting the other's case number: a new case of my own, nothing of theirs
    r = as_me(stack, w, "POST", "/api/my/cases", json={"subject": f"Re: [#{number}]", "text": f"[#{number}]"})
    keeps_secrets(r, w)
    assert r.status_code == 201 and r.json()["opened"], r.text
    assert r.json()["case"]["customer_id"] == w.me and r.json()["case"]["id"] != w.other_case["id"]
    other_case_untouched(stack, w)


@row("POST", "/api/my/cases/<int:case_id>/comments")
def _my_comment(stack, w):
    r = as_me(stack, w, "POST", f"/api/my/cases/{w.other_case['id']}/comments", json={"text": "hej"})
    refused(r, w, 404)
    other_case_untouched(stack, w)


@row("GET", "/api/faq")
def _faq(stack, w):
    hidden = stack.request("GET", f"/api/faq/{w.hidden_faq}").json()
    r = as_me(stack, w, "GET", f"/api/faq?q={hidden['question'].split()[-1].rstrip('?')}&limit=50")
    keeps_secrets(r, w)
    assert w.hidden_faq not in [f["id"] for f in r.json()]
    r = as_me(stack, w, "GET", "/api/faq?limit=100")
    keeps_secrets(r, w)
    (from_case,) = [f for f in r.json() if f["id"] == w.faq_from_case]
    # which case (of whom) an answer came from, and who wrote it, are the staff's
    assert "source_case_id" not in from_case and "author" not in from_case


@row("GET", "/api/faq/<int:faq_id>")
def _faq_one(stack, w):
    refused(as_me(stack, w, "GET", f"/api/faq/{w.hidden_faq}"), w, 404)
    r = as_me(stack, w, "GET", f"/api/faq/{w.faq_from_case}")
    keeps_secrets(r, w)
    assert r.status_code == 200 and "source_case_id" not in r.json() and "author" not in r.json()


@row("POST", "/api/my/password")
def _my_password(stack, w):
    body = {"password": "another-long-password", "customer_id": w.other["id"]}
    refused(as_me(stack, w, "POST", "/api/my/password", json=body), w, 400)


@row("GET", "/api/my/profile")
def _my_profile(stack, w):
    r = as_me(stack, w, "GET", f"/api/my/profile?customer_id={w.other['id']}")
    keeps_secrets(r, w)
    assert r.json()["id"] == w.me


@row("PATCH", "/api/my/profile")
def _my_profile_change(stack, w):
    refused(as_me(stack, w, "PATCH", "/api/my/profile", json={"customer_id": w.other["id"]}), w, 400)
    # the other's mobile number is not mine to take, and saying so names nobody
    refused(as_me(stack, w, "PATCH", "/api/my/profile", json={"phone": w.other_phone}), w, 409)
    phones = stack.request("GET", f"/api/customers/{w.other['id']}").json()["phones"]
    assert [p["e164"] for p in phones] == [w.other_phone]


@row("GET", "/api/my/newsletters")
def _my_newsletters(stack, w):
    r = as_me(stack, w, "GET", f"/api/my/newsletters?customer_id={w.other['id']}")
    keeps_secrets(r, w)
    assert r.status_code == 200


@row("PUT", "/api/my/newsletters")
def _my_newsletters_change(stack, w):
    before = stack.request("GET", f"/api/customers/{w.other['id']}").json()["newsletter"]
    body = {"customer_id": w.other["id"], "newsletter": not before}
    refused(as_me(stack, w, "PUT", "/api/my/newsletters", json=body), w, 400)
    assert stack.request("GET", f"/api/customers/{w.other['id']}").json()["newsletter"] == before


@row("GET", "/api/my/consent")
def _my_consent(stack, w):
    r = as_me(stack, w, "GET", f"/api/my/consent?customer_id={w.other['id']}")
    keeps_secrets(r, w)
    assert r.json()["customer_id"] == w.me


@row("PUT", "/api/my/consent")
def _my_consent_change(stack, w):
    body = {"customer_id": w.other["id"], "given": True}
    refused(as_me(stack, w, "PUT", "/api/my/consent", json=body), w, 400)
    assert stack.request("GET", f"/api/customers/{w.other['id']}").json()["marketing_consent"] is False


def _none_of_theirs(r, w: World) -> None:
    """My own list: nothing of the other's order in it."""
    keeps_secrets(r, w)
    assert r.status_code == 200, r.text
    assert w.other_order["id"] not in [item["order_id"] for item in r.json()["items"]]


def _parcels(kind: str):
    """Where is my parcel: the other's deliveries or returns, by their customer id or their
    order's, are not found; a customer id in the query changes nothing."""

    def check(stack, w):
        other, order = w.other["id"], w.other_order["id"]
        refused(as_me(stack, w, "GET", f"/api/customers/{other}/{kind}"), w, 404)
        refused(as_me(stack, w, "GET", f"/api/orders/{order}/{kind}?customer_id={w.me}"), w, 404)
        _none_of_theirs(as_me(stack, w, "GET", f"/api/customers/{w.me}/{kind}?customer_id={other}"), w)

    return check


for _kind in ("deliveries", "returns"):
    row("GET", f"/api/customers/<int:customer_id>/{_kind}")(_parcels(_kind))
    row("GET", f"/api/orders/<int:order_id>/{_kind}")(_parcels(_kind))


# -- the web shop's key -----------------------------------------------------------------------


@row("POST", "/api/web-orders")
def _web_order(stack, w):
    """The shop may name by id only a customer it has brought us (an earlier web order):
    any other id would put its orders on the account of a customer it never saw."""
    body = {
        "reference": f"shop-{uuid.uuid4().hex[:8]}",
        "customer_id": w.other["id"],
        "lines": [{"sku": w.product, "quantity": 1}],
    }
    refused(stack.request("POST", "/api/web-orders", role="shop", json=body), w, 403)
    orders = stack.request("GET", f"/api/customers/{w.other['id']}/orders").json()
    assert [o["id"] for o in orders] == [w.other_order["id"]]


@row("GET", "/api/products/suggestions")
def _suggestions(stack, w):
    r = stack.request(
        "GET", f"/api/products/suggestions?skus={w.product}&customer_id={w.other['id']}", role="shop"
    )
    keeps_secrets(r, w)
    assert r.status_code == 200  # the basket's suggestions, the same for everyone


@row("GET", "/api/delivery-methods")
def _delivery_methods(stack, w):
    r = stack.request("GET", f"/api/delivery-methods?customer_id={w.other['id']}", role="shop")
    keeps_secrets(r, w)
    assert r.status_code == 200


# -- the PBX's key ----------------------------------------------------------------------------


@row("POST", "/api/telephony/events")
def _call_event(stack, w):
    """The PBX is told who calls (the screen pop needs it) and nothing more of them."""
    call_id = uuid.uuid4().hex
    r = stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={"event": "ringing", "call_id": call_id, "from": w.other_phone},
    )
    assert r.status_code == 200, r.text
    for secret in set(w.secrets) - {w.other["name"], w.other_phone}:  # the screen pop's are these two
        assert secret not in r.text
    assert not {"emails", "addresses", "national_id", "cases", "orders"} & set(r.json())
    stack.request("POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": call_id})


# -- the inbound mail and SMS provider's key ------------------------------------------------


@row("POST", "/api/cases/inbound/email")
def _inbound_email(stack, w):
    """A stranger's mail naming the other's case by number, by thread, or carrying the
    Message-ID of the other's own mail or of our reply to them."""
    number = w.other_case["number"]
    stranger = f"stranger.{uuid.uuid4().hex[:6]}@example.net"
    for message_id, headers in (
        (f"<{uuid.uuid4().hex}@example.net>", {"In_Reply_To": w.other_reply["message_id"]}),
        (f"<{uuid.uuid4().hex}@example.net>", {"References": f"<case-{number}.1@crm.invalid>"}),
        (w.other_mail["message_id"], {}),
        (w.other_reply["message_id"], {}),
    ):
        r = post_mail(stack, raw_mail(stranger, f"Re: [#{number}]", "Vad står det?", message_id, **headers))
        keeps_secrets(r, w)
        got = r.json()
        assert got["case"]["id"] not in (w.other_case["id"], w.other_mail["case_id"]), got
        assert got["case"]["customer_id"] != w.other["id"]
    other_case_untouched(stack, w)


@row("POST", "/api/cases/inbound/messages")
def _inbound_message(stack, w):
    for channel, sender in (("sms", "+46 70 111 22 33"), ("chat", "stranger@example.net")):
        r = stack.request(
            "POST",
            "/api/cases/inbound/messages",
            role="inbound",
            json={"channel": channel, "sender": sender, "text": f"Gäller [#{w.other_case['number']}]"},
        )
        keeps_secrets(r, w)
        assert r.json()["opened"] and r.json()["case"]["id"] != w.other_case["id"]
    other_case_untouched(stack, w)


# -- no login at all ------------------------------------------------------------------------


def _no_ids(path: str):
    def check(stack, w):
        keeps_secrets(stack.request("GET", f"{path}?customer_id={w.other['id']}", role=None), w)

    return check


for _path in ("/api/health", "/api/openapi.json", "/api/docs", "/", "/desk", "/portal"):
    row("GET", _path)(_no_ids(_path))
row("GET", "/api/docs/<name>")(_no_ids("/api/docs/openapi.json"))
row("GET", "/static/<path:name>")(_no_ids("/static/js/portal.js"))


@row("POST", "/api/auth/token")
def _token(stack, w):
    """The other's login with a wrong password answers as an unknown name does."""
    email = w.other["emails"][0]["address"]
    wrong = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": email, "password": "x" * 12}
    )
    refused(wrong, w, 401)
    unknown = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": "nobody@example.net", "password": "x" * 12}
    )
    assert wrong.json() == unknown.json()


@row("POST", "/api/auth/logout")
def _logout(stack, w):
    """Logging out ends my own session (a second token of mine here), never another's."""
    mine = bearer(stack, w.my_login)
    r = stack.request("POST", f"/api/auth/logout?customer_id={w.other['id']}", role=None, headers=mine)
    refused(r, w, 204)
    assert stack.request("GET", "/api/my/profile", role=None, headers=mine).status_code == 401
    r = stack.request("GET", "/api/my/profile", role=None, headers=dict(w.as_other))
    assert (r.status_code, r.json()["id"]) == (200, w.other["id"])
    assert as_me(stack, w, "GET", "/api/my/profile").json()["id"] == w.me


@row("POST", "/api/portal/login-link")
def _login_link(stack, w):
    """The form says the same for the other's address as for nobody's."""
    answers = [
        stack.request("POST", "/api/portal/login-link", role=None, json={"email": email})
        for email in (w.other["emails"][0]["address"], "nobody@example.net")
    ]
    for r in answers:
        keeps_secrets(r, w)
    assert answers[0].status_code == answers[1].status_code == 202
    assert answers[0].json() == answers[1].json()


@row("POST", "/api/portal/token")
def _portal_token(stack, w):
    r = stack.request("POST", "/api/portal/token", role=None, json={"token": "a-guessed-token-" + "0" * 20})
    refused(r, w, 401)


@row("POST", "/api/telephony/cti/<token>")
def _zammad_cti(stack, w):
    form = {"event": "newCall", "from": w.other_phone, "to": "4681000000", "callId": uuid.uuid4().hex}
    refused(stack.request("POST", "/api/telephony/cti/not-the-key", role=None, data=form), w, 401, 403)
    r = stack.request("POST", f"/api/telephony/cti/{PBX_KEY}", role=None, data=form)
    keeps_secrets(r, w)
    assert r.json() == {}

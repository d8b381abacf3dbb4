"""Data-protection requests through HTTP: national ids masked by role, a person's data
exported from every service (GDPR art. 15), and erased everywhere (art. 17)."""

import uuid

from tests.e2e.case_helpers import post_mail, raw_mail


def family_name() -> str:
    return "Ek" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def test_an_agent_sees_a_masked_national_id_and_a_supervisor_the_whole(stack):
    name = family_name()
    made = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Siv",
            "family_name": name,
            "country": "SE",
            "national_id": "8112289874",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["national_id"] == "811228-****"
    cid = made.json()["id"]

    agent = stack.request("GET", f"/api/customers/{cid}").json()
    assert agent["national_id"] == "811228-****" and agent["birthday"] == "1981-12-28"
    found = stack.request("GET", "/api/customers", params={"q": name}).json()
    assert [c["national_id"] for c in found] == ["811228-****"]
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    assert view["customer"]["national_id"] == "811228-****"
    assert "8112289874" not in str(view) and "811228-9874" not in str(view)

    for role in ("supervisor", "admin"):
        assert stack.request("GET", f"/api/customers/{cid}", role=role).json()["national_id"] == "811228-9874"
        view = stack.request("GET", f"/api/customers/{cid}/overview", role=role).json()
        assert view["customer"]["national_id"] == "811228-9874"


def a_customer_with_history(stack, eventually, t):
    """A person with an order, a case (whose confirmation is a message sent) and a call."""
    phone, email = f"070-{int(t[:6], 16) % 900 + 100} {int(t[6:], 16) % 90 + 10} 12", f"siv.{t}@example.se"
    name = family_name()
    made = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Siv",
            "family_name": name,
            "country": "SE",
            "national_id": "8112289874",
            "phones": [{"number": phone, "label": "mobile"}],
            "emails": [{"address": email}],
            "addresses": [{"street": f"Ekvägen {t[:3]}", "postal_code": "411 38", "city": "Göteborg"}],
        },
        params={"confirm_new": "true"},
    )
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    sku = f"DP-{t}"
    r = stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": "Spade", "price": "349.00", "stock_on_hand": 5},
    )
    assert r.status_code == 201, r.text
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku, "quantity": 2}]}
    )
    assert order.status_code == 201, order.text
    case = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": cid, "subject": f"Siv {name}'s spade broke", "description": "Snapped"},
    )
    assert case.status_code == 201, case.text
    for event in ("ringing", "hangup"):
        r = stack.request(
            "POST",
            "/api/telephony/events",
            role="pbx",
            json={"event": event, "call_id": f"dp-{t}", "from": phone},
        )
        assert r.status_code == 200, r.text
    view = eventually(
        lambda: (
            (v := stack.request("GET", f"/api/customers/{cid}/overview").json())["messages"]
            and v["calls"]
            and v
        )
    )
    assert view, "the case's confirmation and the call reach the 360° view"
    return {
        "id": cid,
        "name": name,
        "email": email,
        "phone": phone,
        "order": order.json(),
        "case": case.json(),
    }


def test_a_persons_data_is_exported_from_every_service_and_then_erased_everywhere(stack, eventually):
    t = uuid.uuid4().hex[:8]
    siv = a_customer_with_history(stack, eventually, t)
    cid, name = siv["id"], siv["name"]

    assert stack.request("GET", f"/api/customers/{cid}/export").status_code == 403  # not for agents
    r = stack.request("GET", f"/api/customers/{cid}/export", role="supervisor")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == f'attachment; filename="customer-{cid}-personal-data.json"'
    got = r.json()["services"]
    assert got["customer"]["customer"]["family_name"] == name
    assert got["customer"]["customer"]["national_id"] == "811228-9874"
    assert got["customer"]["customer"]["emails"][0]["address"] == siv["email"]
    assert [o["id"] for o in got["order"]["orders"]] == [siv["order"]["id"]]
    assert [c["number"] for c in got["case"]["cases"]] == [siv["case"]["number"]]
    assert got["case"]["cases"][0]["journal"] is not None
    assert {m["recipient"] for m in got["messaging"]["messages"]} == {siv["email"]}  # the order's, the case's
    assert [c["call_id"] for c in got["telephony"]["calls"]] == [f"dp-{t}"]
    assert got["gateway"]["portal_logins"] == []
    trail = stack.request(
        "GET", "/api/audit", role="admin", params={"customer_id": cid, "action": "customer_exported"}
    )
    assert [e["actor"] for e in trail.json()["items"]] == ["supervisor"]

    assert (
        stack.request(
            "POST", f"/api/customers/{cid}/erase", role="supervisor", json={"confirm": True, "reason": "x"}
        ).status_code
        == 403
    )
    unconfirmed = stack.request(
        "POST", f"/api/customers/{cid}/erase", role="admin", json={"confirm": False, "reason": "GDPR"}
    )
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.json()["fields"]
    r = stack.request(
        "POST",
        f"/api/customers/{cid}/erase",
        role="admin",
        json={"confirm": True, "reason": "Art. 17 request 2026-12"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["customer_id"] == cid and r.json()["already_erased"] is False

    personal = (
        name,
        siv["email"],
        siv["phone"],
        siv["phone"].replace(" ", ""),
        "8112289874",
        "811228-9874",
        f"Ekvägen {t[:3]}",
    )

    def answers():
        return {
            path: stack.request("GET", path, role="admin").text
            for path in (
                f"/api/customers/{cid}",
                f"/api/customers/{cid}/overview",
                f"/api/cases/{siv['case']['id']}",
                f"/api/audit?customer_id={cid}",
                f"/api/customers/{cid}/export",
            )
        }

    def left_over():
        return {
            path: [v for v in personal if v in text]
            for path, text in answers().items()
            if any(v in text for v in personal)
        }

    eventually(lambda: not left_over(), timeout=20)
    assert left_over() == {}
    assert stack.request("GET", "/api/customers", params={"q": siv["email"]}).json() == []
    assert stack.request("GET", "/api/customers/by-phone", params={"number": siv["phone"]}).json() == []

    view = stack.request("GET", f"/api/customers/{cid}/overview", role="admin")
    assert view.status_code == 200, view.text  # the 360° view still opens, with the bookkeeping
    assert (
        view.json()["customer"]["name"] == "Erased"
        and view.json()["orders"][0]["total"] == siv["order"]["total"]
    )
    assert (
        view.json()["credit"] != "unavailable" and view.json()["cases"][0]["number"] == siv["case"]["number"]
    )
    after = stack.request("GET", f"/api/customers/{cid}/export", role="admin").json()["services"]
    assert after["customer"]["customer"]["name"] == "Erased" and after["customer"]["customer"]["erased_at"]
    (order,) = after["order"]["orders"]
    assert order["total"] == siv["order"]["total"] and order["id"] == siv["order"]["id"]
    (case,) = after["case"]["cases"]
    assert case["number"] == siv["case"]["number"] and case["created_at"] == siv["case"]["created_at"]
    messages = after["messaging"]["messages"]
    assert messages and all(m["recipient"] is None and m["body"] == "" and m["channel"] for m in messages)
    (call,) = after["telephony"]["calls"]
    assert call["remote_number"] is None and call["started_at"]
    trail = stack.request(
        "GET", "/api/audit", role="admin", params={"customer_id": cid, "action": "customer_erased"}
    )
    (entry,) = trail.json()["items"]
    assert entry["actor"] == "admin" and entry["details"]["reason"] == "Art. 17 request 2026-12"

    # Erasing twice is harmless; nothing new is written on or booked for the person.
    again = stack.request(
        "POST", f"/api/customers/{cid}/erase", role="admin", json={"confirm": True, "reason": "again"}
    )
    assert again.status_code == 200 and again.json()["already_erased"] is True
    assert stack.request("PATCH", f"/api/customers/{cid}", json={"given_name": "Siv"}).status_code == 409
    late = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": f"DP-{t}", "quantity": 1}]}
    )
    assert late.status_code == 400 and "customer_id" in late.json()["fields"]

    # A mail from the erased address, even quoting the erased case, is an unknown sender's.
    number = siv["case"]["number"]
    subject = f"Re: [#{number}] my spade"
    r = post_mail(
        stack, raw_mail(f"Siv {name} <{siv['email']}>", subject, "Still broken", f"<late.{t}@example.se>")
    )
    assert r.status_code in (200, 201), r.text
    got = r.json()
    assert got["opened"] is True and got["case"]["number"] != number and got["case"]["customer_id"] != cid
    erased = stack.request("GET", f"/api/customers/{cid}", role="admin").json()
    assert erased["name"] == "Erased" and erased["emails"] == [] and erased["given_name"] is None

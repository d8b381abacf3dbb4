"""One real thread through all five services: a customer calls, an order and a case are
made, the confirmation goes out, and the 360° view shows all of it."""

import uuid


def test_orders_say_per_line_whether_they_ship_now_or_when(stack):
    sku_in, sku_out = f"IN-{uuid.uuid4().hex[:6]}", f"OUT-{uuid.uuid4().hex[:6]}"
    for body in (
        {"sku": sku_in, "name": "Spade", "price": "349.00", "stock_on_hand": 1},
        {"sku": sku_out, "name": "Hose", "price": "499.00", "stock_on_hand": 0, "restock_date": "2027-01-15"},
    ):
        assert stack.request("POST", "/api/products", role="admin", json=body).status_code == 201
    cid = stack.request("POST", "/api/customers", json={"kind": "person", "name": "Bo Ek"}).json()["id"]
    r = stack.request(
        "POST",
        "/api/orders",
        json={"customer_id": cid, "lines": [{"sku": sku_in, "quantity": 1}, {"sku": sku_out, "quantity": 2}]},
    )
    assert r.status_code == 201
    order = r.json()
    assert [(line["sku"], line["ships_now"], line["expected_on"]) for line in order["lines"]] == [
        (sku_in, True, None),
        (sku_out, False, "2027-01-15"),
    ]
    assert order["total"] == "1347.00" and order["currency"] == "SEK"
    again = stack.request(
        "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku_in, "quantity": 1}]}
    ).json()
    assert again["lines"][0]["ships_now"] is False  # the last one went to the first order
    stock = {p["sku"]: p["available"] for p in stack.request("GET", "/api/products").json()}
    assert stock[sku_in] == 0
    assert stack.request("GET", f"/api/orders/{order['id']}").json() == order


def test_a_new_case_is_confirmed_to_the_customer_with_its_number(stack, eventually):
    cid = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "name": "Cia Berg", "emails": [{"address": "cia@example.se"}]},
    ).json()["id"]
    r = stack.request(
        "POST", "/api/cases", json={"customer_id": cid, "subject": "Broken hose", "channel": "email"}
    )
    assert r.status_code == 201
    case = r.json()
    assert case["status"] == "open" and case["opened_by"] == "agent"
    messages = eventually(lambda: stack.request("GET", f"/api/customers/{cid}/overview").json()["messages"])
    assert len(messages) == 1
    assert case["number"] in messages[0]["subject"] and messages[0]["recipient"] == "cia@example.se"
    assert stack.request("GET", f"/api/cases/{case['id']}").json() == case


def test_a_call_pops_the_caller_lands_in_history_and_counts_as_contact(stack, eventually):
    org = stack.request("POST", "/api/customers", json={"kind": "organisation", "name": "Trädgård AB"}).json()
    person = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "name": "Dan Holm", "phones": [{"number": "08-444 55 66"}]},
    ).json()
    stack.request("POST", f"/api/customers/{org['id']}/employments", json={"person_id": person["id"]})
    call_id = uuid.uuid4().hex
    r = stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={
            "event": "ringing",
            "call_id": call_id,
            "from": "0046 8 444 55 66",
            "to": "08-100 00 00",
            "extension": "201",
        },
    )
    assert r.status_code == 200
    assert (r.json()["customer_id"], r.json()["organisation_name"]) == (person["id"], "Trädgård AB")
    active = stack.request("GET", "/api/telephony/calls/active").json()
    assert [(c["call_id"], c["state"], c["customer_name"]) for c in active if c["call_id"] == call_id] == [
        (call_id, "ringing", "Dan Holm")
    ]
    stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={"event": "answered", "call_id": call_id, "extension": "201"},
    )
    stack.request("POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": call_id})
    assert call_id not in [c["call_id"] for c in stack.request("GET", "/api/telephony/calls/active").json()]
    view = eventually(
        lambda: (
            (v := stack.request("GET", f"/api/customers/{person['id']}/overview").json())["customer"][
                "last_contact_at"
            ]
            and v
        )
    )
    assert [(c["call_id"], c["state"]) for c in view["calls"]] == [(call_id, "ended")]
    assert view["last_contact"] is not None


def test_a_pbx_speaking_zammads_cti_works_unchanged(stack):
    person = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "name": "Eva Lund", "phones": [{"number": "+47 22 33 44 55"}]},
    ).json()
    call_id = uuid.uuid4().hex
    from tests.stack import PBX_KEY

    form = {
        "event": "newCall",
        "from": "4722334455",
        "to": "4681000000",
        "direction": "in",
        "callId": call_id,
        "user[]": ["Alice"],
        "queue": "support",
    }
    r = stack.request("POST", f"/api/telephony/cti/{PBX_KEY}", role=None, data=form)
    assert (r.status_code, r.json()) == (200, {})
    (call,) = [
        c for c in stack.request("GET", "/api/telephony/calls/active").json() if c["call_id"] == call_id
    ]
    assert (call["customer_id"], call["queue"]) == (person["id"], "support")
    r = stack.request(
        "POST",
        f"/api/telephony/cti/{PBX_KEY}",
        role=None,
        json={"event": "hangup", "callId": call_id, "cause": "normalClearing"},
    )
    assert r.status_code == 200
    assert call_id not in [c["call_id"] for c in stack.request("GET", "/api/telephony/calls/active").json()]
    assert stack.request("POST", "/api/telephony/cti/wrong-key", role=None, data=form).status_code == 401


def test_an_unknown_caller_still_shows_on_the_board(stack):
    call_id = uuid.uuid4().hex
    r = stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={"event": "ringing", "call_id": call_id, "from": "+44 20 7946 0000"},
    )
    assert r.json()["customer_id"] is None and r.json()["remote_number"] == "+442079460000"
    stack.request("POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": call_id})


def test_a_merge_moves_orders_cases_calls_and_messages_to_the_survivor(stack, eventually):
    from tests.e2e.customer_helpers import unique_name

    family = unique_name()
    keep = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Gun",
            "family_name": family,
            "emails": [{"address": f"{family}@example.se"}],
        },
    ).json()
    dup = stack.request(
        "POST",
        "/api/customers?confirm_new=true",
        json={
            "kind": "person",
            "given_name": "Gunn",
            "family_name": family,
            "phones": [{"number": "08-777 88 99"}],
            "emails": [{"address": f"{family}@example.se"}],
        },
    ).json()
    sku = f"MRG-{uuid.uuid4().hex[:6]}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": "x", "price": "5.00", "stock_on_hand": 9},
    )
    order = stack.request(
        "POST", "/api/orders", json={"customer_id": dup["id"], "lines": [{"sku": sku, "quantity": 1}]}
    ).json()
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": dup["id"], "subject": "Where is my parcel"}
    ).json()
    call_id = uuid.uuid4().hex
    stack.request(
        "POST",
        "/api/telephony/events",
        role="pbx",
        json={"event": "ringing", "call_id": call_id, "from": "087778899"},
    )
    stack.request("POST", "/api/telephony/events", role="pbx", json={"event": "hangup", "call_id": call_id})
    assert eventually(lambda: stack.request("GET", f"/api/customers/{dup['id']}/overview").json()["messages"])

    assert (
        stack.request("POST", f"/api/customers/{keep['id']}/merge", json={"merged_id": dup["id"]}).status_code
        == 403
    )
    r = stack.request(
        "POST", f"/api/customers/{keep['id']}/merge", role="supervisor", json={"merged_id": dup["id"]}
    )
    assert r.status_code == 200 and "+4687778899" in [p["e164"] for p in r.json()["phones"]]

    def moved():
        view = stack.request("GET", f"/api/customers/{keep['id']}/overview").json()
        return view if view["orders"] and view["cases"] and view["calls"] and view["messages"] else None

    view = eventually(moved)
    assert [o["id"] for o in view["orders"]] == [order["id"]]
    assert [c["number"] for c in view["cases"]] == [case["number"]]
    assert [c["call_id"] for c in view["calls"]] == [call_id]
    assert case["number"] in view["messages"][0]["subject"]
    # the merged-away id still answers, with the survivor
    assert stack.request("GET", f"/api/customers/{dup['id']}").json()["id"] == keep["id"]
    assert (
        stack.request("GET", f"/api/customers/{dup['id']}/overview").json()["orders"][0]["id"] == order["id"]
    )
    (audit,) = stack.request("GET", f"/api/customers/{keep['id']}/merges").json()
    assert (audit["merged_id"], audit["merged_by"], audit["snapshot"]["given_name"]) == (
        dup["id"],
        "supervisor",
        "Gunn",
    )
    # an order placed later with the old id lands on the survivor
    later = stack.request(
        "POST", "/api/orders", json={"customer_id": dup["id"], "lines": [{"sku": sku, "quantity": 1}]}
    )
    assert later.json()["customer_id"] == keep["id"]


def test_a_web_order_waits_for_the_review_of_a_look_alike_customer(stack, eventually):
    from tests.e2e.customer_helpers import unique_name

    family = unique_name()
    sku = f"WEB-{uuid.uuid4().hex[:6]}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": "x", "price": "10.00", "stock_on_hand": 5},
    )
    known = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Ulla",
            "family_name": family,
            "phones": [{"number": "070-864 20 86"}],
        },
    ).json()
    clean = stack.request(
        "POST",
        "/api/web-orders",
        json={
            "reference": "SHOP-1",
            "lines": [{"sku": sku, "quantity": 1}],
            "customer": {
                "kind": "person",
                "given_name": "Vera",
                "family_name": unique_name(),
                "emails": [{"address": f"{family}.vera@example.se"}],
            },
        },
    )
    assert clean.status_code == 201 and clean.json()["status"] == "placed" and clean.json()["customer_id"]

    r = stack.request(
        "POST",
        "/api/web-orders",
        json={
            "reference": "SHOP-2",
            "lines": [{"sku": sku, "quantity": 2}],
            "customer": {
                "kind": "person",
                "given_name": "Ulla",
                "family_name": family,
                "phones": [{"number": "+46 70 864 20 86"}],
            },
        },
    )
    assert r.status_code == 202
    held = r.json()
    assert (held["status"], held["customer_id"]) == ("held_for_review", None)
    review = stack.request("GET", f"/api/review/{held['review_id']}").json()
    assert review["source"] == "web_order" and review["matches"][0]["customer"]["id"] == known["id"]

    stack.request(
        "POST", f"/api/review/{held['review_id']}/decision", json={"decision": "merge", "into": known["id"]}
    )
    placed = eventually(
        lambda: (o := stack.request("GET", f"/api/orders/{held['id']}").json())["status"] == "placed" and o
    )
    assert placed["customer_id"] == known["id"] and all(line["ships_now"] for line in placed["lines"])
    assert held["id"] in [
        o["id"] for o in stack.request("GET", f"/api/customers/{known['id']}/overview").json()["orders"]
    ]

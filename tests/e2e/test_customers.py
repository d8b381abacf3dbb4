"""The customer register through HTTP: create, find, change, notes, contacts."""

from tests.e2e.customer_helpers import new_person


def test_a_person_is_registered_and_read_back(stack):
    made = new_person(
        stack,
        national_id="8112289874",
        phones=[{"number": "070-765 43 21", "label": "mobile"}],
        emails=[{"address": "asa@example.se"}],
        name_day="02-08",
        language="sv",
    )
    got = stack.request("GET", f"/api/customers/{made['id']}", role="supervisor").json()
    assert got["national_id"] == "811228-9874" and got["birthday"] == "1981-12-28"
    assert got["phones"] == [{"e164": "+46707654321", "raw": "070-765 43 21", "label": "mobile"}]
    assert got["name_day"] == "02-08" and got["kind"] == "person"


def test_any_way_of_writing_the_number_finds_the_customer(stack):
    made = new_person(stack, phones=[{"number": "+46 8 555 123 45"}])
    for written in ("08-555 123 45", "0046855512345", "08/55512345", "+46855512345"):
        r = stack.request("GET", "/api/customers/by-phone", params={"number": written})
        assert [m["customer"]["id"] for m in r.json()] == [made["id"]], written
        assert [c["id"] for c in stack.request("GET", "/api/customers", params={"q": written}).json()] == [
            made["id"]
        ]


def test_an_address_change_keeps_the_old_one_with_its_dates(stack):
    made = new_person(
        stack, addresses=[{"street": "Storgatan 3", "postal_code": "411 38", "city": "Göteborg"}]
    )
    r = stack.request(
        "PATCH",
        f"/api/customers/{made['id']}",
        json={"addresses": [{"street": "Sveavägen 1", "postal_code": "111 57", "city": "Stockholm"}]},
    )
    assert r.status_code == 200
    view = stack.request("GET", f"/api/customers/{made['id']}/overview").json()
    assert [a["city"] for a in view["customer"]["addresses"]] == ["Stockholm"]
    assert [(a["city"], a["valid_to"] is not None) for a in view["address_history"]] == [("Göteborg", True)]


def test_contact_persons_and_notes(stack):
    org = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "organisation", "name": "Acme AB", "org_number": "556036-0793"},
    ).json()
    person = new_person(stack)
    r = stack.request(
        "POST",
        f"/api/customers/{org['id']}/employments",
        json={"person_id": person["id"], "job_title": "Buyer", "receives_newsletter": True},
    )
    assert r.status_code == 201
    contacts = stack.request("GET", f"/api/customers/{org['id']}").json()["employments"]
    assert [(c["person_id"], c["is_contact"], c["receives_newsletter"]) for c in contacts] == [
        (person["id"], True, True)
    ]
    for text in ("one", "two", "three", "four"):
        assert (
            stack.request("POST", f"/api/customers/{person['id']}/notes", json={"text": text}).status_code
            == 201
        )
    notes = stack.request("GET", f"/api/customers/{person['id']}/overview").json()["notes"]
    assert [n["text"] for n in notes] == ["four", "three", "two"] and notes[0]["author"] == "agent"


def test_an_unknown_customer_is_404(stack):
    for path in ("/api/customers/999999", "/api/customers/999999/overview"):
        r = stack.request("GET", path)
        assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_a_probable_duplicate_is_refused_until_confirmed(stack):
    first = new_person(stack, phones=[{"number": "070-111 22 33"}], birthday="1990-05-17")
    again = {
        "kind": "person",
        "given_name": "Asa",
        "family_name": first["family_name"],
        "phones": [{"number": "+46 70 111 22 33"}],
    }
    r = stack.request("POST", "/api/customers", json=again)
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "conflict" and body["matches"][0]["customer"]["id"] == first["id"]
    assert body["matches"][0]["verdict"] == "duplicate"
    assert body["matches"][0]["reasons"]["phone"]["agreement"] == "exact"
    found = stack.request("GET", "/api/customers", params={"q": first["family_name"]}).json()
    assert [c["id"] for c in found] == [first["id"]]  # nothing was written
    r = stack.request("POST", "/api/customers?confirm_new=true", json=again)
    assert r.status_code == 201 and r.json()["matches"][0]["customer"]["id"] == first["id"]


def test_match_lists_look_alikes_without_storing(stack):
    first = new_person(
        stack, addresses=[{"street": "Tallvägen 7", "postal_code": "931 31", "city": "Skellefteå"}]
    )
    probe = {
        "kind": "person",
        "given_name": "Åsa",
        "family_name": first["family_name"],
        "addresses": [{"street": "Tallv. 7", "postal_code": "93131", "city": "Skellefteå"}],
    }
    r = stack.request("POST", "/api/customers/match", json=probe)
    assert r.status_code == 200
    (hit,) = [h for h in r.json() if h["customer"]["id"] == first["id"]]
    assert hit["verdict"] == "duplicate" and hit["reasons"]["address"]["agreement"] == "exact"
    assert stack.request("POST", "/api/customers/match", json={"kind": "robot"}).status_code == 400


def test_two_valid_personnummer_say_two_people_and_the_answer_says_why(stack):
    first = new_person(stack, national_id="811228-1020", phones=[{"number": "070-111 22 99"}])
    probe = {**{k: first[k] for k in ("kind", "given_name", "family_name")}, "national_id": "8112281038"}
    probe["phones"] = [{"number": "0701112299"}]
    (hit,) = [
        h
        for h in stack.request("POST", "/api/customers/match", json=probe).json()
        if h["customer"]["id"] == first["id"]
    ]
    assert hit["reasons"]["phone"]["agreement"] == "exact"
    assert hit["reasons"]["national_id"]["conclusive"] is True and hit["verdict"] != "duplicate"
    r = stack.request("POST", "/api/customers", json=probe)  # so creating the second one is not refused
    assert r.status_code == 201, r.text


def test_a_customer_at_a_blocked_address_comes_with_a_warning(stack):
    r = stack.request(
        "POST",
        "/api/address-blocks",
        role="supervisor",
        json={
            "kind": "address",
            "street": "Blockvägen 13",
            "postal_code": "931 31",
            "reason": "returned goods fraud",
        },
    )
    assert r.status_code == 201
    block_id = r.json()["id"]
    assert (
        stack.request(
            "POST", "/api/address-blocks", json={"kind": "postcode", "postal_code": "1", "reason": "x"}
        ).status_code
        == 403
    )
    made = new_person(
        stack, addresses=[{"street": "Blockv. 13", "postal_code": "93131", "city": "Skellefteå"}]
    )
    assert [(w["code"], w["block_id"]) for w in made["warnings"]] == [("address_blocked", block_id)]
    assert "returned goods fraud" in made["warnings"][0]["message"]
    assert stack.request("DELETE", f"/api/address-blocks/{block_id}", role="supervisor").status_code == 204
    later = new_person(
        stack, addresses=[{"street": "Blockv. 13", "postal_code": "93131", "city": "Skellefteå"}]
    )
    assert later["warnings"] == []


def test_a_wrong_town_for_the_postal_code_is_flagged(stack):
    made = new_person(
        stack, addresses=[{"street": "Kungsgatan 1", "postal_code": "411 38", "city": "Stockholm"}]
    )
    assert [(w["field"], w["code"], w["expected"]) for w in made["warnings"]] == [
        ("addresses.0.city", "town_mismatch", "GÖTEBORG")
    ]
    r = stack.request(
        "POST",
        "/api/addresses/check",
        json={"addresses": [{"street": "Storgatan 1", "postal_code": "999 99", "city": "Nowhere"}]},
    )
    assert [w["code"] for w in r.json()] == ["unknown_postal_code"]


def test_the_review_queue_holds_a_look_alike_until_an_agent_decides(stack):
    first = new_person(stack, phones=[{"number": "070-246 80 24"}])
    look_alike = {
        "kind": "person",
        "given_name": "Åsa",
        "family_name": first["family_name"],
        "phones": [{"number": "0046702468024"}],
    }
    r = stack.request(
        "POST",
        "/api/registrations",
        json={"customer": look_alike, "source": "web_order", "reference": "WEB-77"},
    )
    assert r.status_code == 201 and r.json()["status"] == "pending_review"
    review_id = r.json()["review_id"]
    queue = stack.request("GET", "/api/review").json()
    (item,) = [i for i in queue if i["id"] == review_id]
    assert item["matches"][0]["customer"]["id"] == first["id"] and item["reference"] == "WEB-77"
    r = stack.request(
        "POST", f"/api/review/{review_id}/decision", json={"decision": "merge", "into": first["id"]}
    )
    assert r.status_code == 200 and r.json()["customer_id"] == first["id"]
    assert review_id not in [i["id"] for i in stack.request("GET", "/api/review").json()]
    again = stack.request("POST", f"/api/review/{review_id}/decision", json={"decision": "reject"})
    assert again.status_code == 409


def test_the_duplicate_report_runs_over_the_register(stack, eventually):
    first = new_person(stack, phones=[{"number": "070-135 79 11"}])
    second = stack.request(
        "POST",
        "/api/customers?confirm_new=true",
        json={
            "kind": "person",
            "given_name": "Asa",
            "family_name": first["family_name"],
            "phones": [{"number": "+46701357911"}],
        },
    ).json()
    assert stack.request("POST", "/api/duplicates").status_code == 403
    r = stack.request("POST", "/api/duplicates", role="supervisor")
    assert r.status_code == 202
    scan_id = r.json()["id"]
    report = eventually(
        lambda: (
            (rep := stack.request("GET", "/api/duplicates", params={"scan_id": scan_id}).json())["scan"][
                "status"
            ]
            == "done"
            and rep
        )
    )
    assert report["scan"]["done"] == report["scan"]["total"]
    pairs = [(p["first"]["id"], p["second"]["id"]) for p in report["pairs"]]
    assert (first["id"], second["id"]) in pairs
    groups = stack.request("GET", "/api/duplicates/groups", params={"scan_id": scan_id, "limit": 1000}).json()
    ours = [g for g in groups["groups"] if first["id"] in {m["id"] for m in g["members"]}]
    assert [sorted(m["id"] for m in g["members"]) for g in ours] == [sorted([first["id"], second["id"]])]
    assert stack.request("GET", "/api/duplicates/groups", params={"scan_id": "x"}).status_code == 400

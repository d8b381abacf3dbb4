"""A case is its customer's: in the portal a customer sees only their own cases and only
the public journal, quoting another's case number opens a case of their own, nothing
internal of a case shows; and mail joins a case only from its customer or their
organisation's contacts."""

from tests.e2e.case_helpers import agent, post_mail, raw_mail, tag
from tests.e2e.customer_helpers import unique_name


def customer_login(stack, name):
    """A customer of the register with a portal login; returns (customer id, headers)."""
    t = tag()
    customer = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "name": f"{name} {unique_name()}",
            "emails": [{"address": f"{name.lower()}.{t}@example.se"}],
        },
    ).json()["id"]
    password = f"portal-pass-{t}"
    r = stack.request(
        "POST",
        "/api/users",
        role="admin",
        json={
            "username": f"{name.lower()}-{t}",
            "password": password,
            "role": "customer",
            "customer_id": customer,
        },
    )
    assert r.status_code == 201, r.text
    token = stack.http.post(
        stack.url("/api/auth/token"), json={"username": f"{name.lower()}-{t}", "password": password}
    ).json()
    return customer, {"Authorization": f"Bearer {token['access_token']}"}


def test_a_customer_sees_only_their_own_cases_and_only_the_public_journal(stack):
    alma, as_alma = customer_login(stack, "Alma")
    _, as_bert = customer_login(stack, "Bert")
    r = stack.request(
        "POST",
        "/api/my/cases",
        role=None,
        headers=as_alma,
        json={"subject": "Fel färg på staketet", "text": "Det är grönt, jag beställde rött."},
    )
    assert r.status_code == 201, r.text
    case = r.json()["case"]
    assert (case["customer_id"], case["channel"]) == (alma, "web")

    stack.request("POST", f"/api/cases/{case['id']}/notes", json={"body": "Kunden har fel ordernummer"})
    stack.request(
        "POST", f"/api/cases/{case['id']}/replies", json={"body": "Vi byter det.", "then": "solved"}
    )

    mine = stack.request("GET", f"/api/my/cases/{case['id']}", role=None, headers=as_alma).json()
    assert [e["body"] for e in mine["journal"] if e["kind"] == "message"] == [
        "Det är grönt, jag beställde rött.",
        "Vi byter det.",
    ]
    assert all(e["visibility"] == "public" for e in mine["journal"])
    assert "Kunden har fel ordernummer" not in str(mine)
    # Bert can neither see nor write on Alma's case, nor list it
    assert stack.request("GET", f"/api/my/cases/{case['id']}", role=None, headers=as_bert).status_code == 404
    r = stack.request(
        "POST", f"/api/my/cases/{case['id']}/comments", role=None, headers=as_bert, json={"text": "hej"}
    )
    assert r.status_code == 404
    assert stack.request("GET", "/api/my/cases", role=None, headers=as_bert).json() == []
    # staff use the staff API, not the customer's
    assert stack.request("GET", "/api/my/cases").status_code == 403

    r = stack.request(
        "POST",
        f"/api/my/cases/{case['id']}/comments",
        role=None,
        headers=as_alma,
        json={"text": "Tack, men när kommer det?"},
    )
    assert r.status_code == 201 and r.json()["case"]["status"] == "open"  # the comment reopened it


# what the portal may show of a case: the customer's own words and where it stands
PORTAL_CASE_FIELDS = {
    "id",
    "number",
    "customer_id",
    "subject",
    "description",
    "channel",
    "status",
    "created_at",
    "updated_at",
    "solved_at",
}
PORTAL_ENTRY_FIELDS = {
    "id",
    "case_id",
    "kind",
    "direction",
    "channel",
    "visibility",
    "subject",
    "body",
    "created_at",
    "attachments",
}


def test_a_customer_quoting_anothers_case_number_gets_a_case_of_their_own(stack):
    """The number is sequential and easy to guess: it names a case, it proves nothing.
    Bert's inquiry quoting Alma's number becomes Bert's own case, Alma's is untouched and
    nothing of it shows in Bert's answer; Alma quoting her own number adds to hers."""
    alma, as_alma = customer_login(stack, "Alma")
    bert, as_bert = customer_login(stack, "Bert")
    secret = f"Almas hemliga ärende {tag()}"
    r = stack.request(
        "POST", "/api/my/cases", role=None, headers=as_alma, json={"subject": secret, "text": secret}
    )
    almas = r.json()["case"]
    for quoting in (
        {"subject": f"Re: [#{almas['number']}]", "text": "Vad står det i ärendet?"},
        {"subject": "En fråga", "text": f"Gäller [#{almas['number']}]"},
    ):
        r = stack.request("POST", "/api/my/cases", role=None, headers=as_bert, json=quoting)
        assert r.status_code == 201, r.text
        got = r.json()
        assert got["opened"] and got["case"]["id"] != almas["id"] and got["case"]["customer_id"] == bert
        assert secret not in r.text and set(got["case"]) == PORTAL_CASE_FIELDS
    journal = stack.request("GET", f"/api/cases/{almas['id']}/journal").json()
    assert [e["body"] for e in journal if e["kind"] == "message"] == [secret]
    # the agent sees on Bert's new case which number he quoted
    notes = stack.request("GET", f"/api/cases/{got['case']['id']}/journal").json()
    assert any(almas["number"] in e["body"] for e in notes if e["visibility"] == "internal")
    mine = stack.request("GET", "/api/my/cases", role=None, headers=as_bert).json()
    assert almas["id"] not in [c["id"] for c in mine] and secret not in str(mine)

    r = stack.request(
        "POST",
        "/api/my/cases",
        role=None,
        headers=as_alma,
        json={"subject": f"Re: [#{almas['number']}] {secret}", "text": "En sak till"},
    )
    assert (r.status_code, r.json()["opened"], r.json()["case"]["id"]) == (201, False, almas["id"])


def test_the_portal_shows_a_customer_nothing_internal_of_their_case(stack):
    alma, as_alma = customer_login(stack, "Alma")
    r = stack.request(
        "POST", "/api/my/cases", role=None, headers=as_alma, json={"subject": "Staketet", "text": "Fel färg"}
    )
    assert set(r.json()["case"]) == PORTAL_CASE_FIELDS
    case_id = r.json()["case"]["id"]
    stack.request("POST", f"/api/cases/{case_id}/notes", json={"body": "Kunden har fel ordernummer"})
    stack.request("POST", f"/api/cases/{case_id}/replies", json={"body": "Vi byter det."})
    helper = f"porter-{tag()}"
    agent(stack, helper, f"fences-{helper}")
    try:
        r = stack.request("POST", f"/api/cases/{case_id}/assign", role="supervisor", json={"agent": helper})
        assert r.status_code == 200 or "already" in r.text, r.text  # an agent arriving takes waiting cases
        staff_view = stack.request("GET", f"/api/cases/{case_id}").json()
        assert staff_view["assignee"] == helper and "sla_policy_id" in staff_view  # internal, for staff

        (listed,) = stack.request("GET", "/api/my/cases", role=None, headers=as_alma).json()
        assert set(listed) == PORTAL_CASE_FIELDS
        one = stack.request("GET", f"/api/my/cases/{case_id}", role=None, headers=as_alma).json()
        assert set(one["case"]) == PORTAL_CASE_FIELDS
        assert [set(e) for e in one["journal"]] == [PORTAL_ENTRY_FIELDS, PORTAL_ENTRY_FIELDS]
        assert "Kunden har fel ordernummer" not in str(one)
        seen = str([listed, one])
        assert helper not in seen and "'agent'" not in seen  # no agent's login name anywhere
        r = stack.request(
            "POST", f"/api/my/cases/{case_id}/comments", role=None, headers=as_alma, json={"text": "Tack"}
        )
        assert set(r.json()["case"]) == PORTAL_CASE_FIELDS
    finally:  # the helper leaves: the later tests' waiting cases are not theirs to take
        stack.request(
            "POST", f"/api/agents/{helper}/presence", role="supervisor", json={"presence": "offline"}
        )


def test_mail_joins_a_case_only_from_its_customer_or_their_organisations_contacts(stack):
    t = tag()
    org = stack.request(
        "POST", "/api/customers", json={"kind": "organisation", "name": f"Trädgårdsbolaget {t} AB"}
    ).json()
    people = {}
    for name, is_contact in (("kim", True), ("lo", False), ("mo", None)):
        people[name] = stack.request(
            "POST",
            "/api/customers",
            json={
                "kind": "person",
                "name": f"{name} {unique_name()}",
                "emails": [{"address": f"{name}.{t}@example.se"}],
            },
        ).json()
        if is_contact is not None:
            r = stack.request(
                "POST",
                f"/api/customers/{org['id']}/employments",
                json={"person_id": people[name]["id"], "is_contact": is_contact},
            )
            assert r.status_code == 201, r.text
    case = stack.request(
        "POST", "/api/cases", json={"customer_id": org["id"], "subject": f"Avtal {t}", "channel": "email"}
    ).json()
    reply = stack.request(
        "POST", f"/api/cases/{case['id']}/replies", json={"body": "Här är avtalet.", "then": "pending"}
    ).json()

    def mail_from(who, n, **headers):
        raw = raw_mail(
            f"{who}.{t}@example.se",
            f"Re: [#{case['number']}] Avtal",
            f"{who} skriver",
            f"<{who}{n}.{t}@x>",
            **headers,
        )
        r = post_mail(stack, raw)
        assert r.status_code == 200, r.text
        return r.json()

    # the organisation's contact person writes on its case, by number or by thread
    assert mail_from("kim", 1)["case"]["id"] == case["id"]
    assert mail_from("kim", 2, In_Reply_To=reply["message_id"])["case"]["id"] == case["id"]
    # an employee who is no contact, and a stranger, get cases of their own
    for who in ("lo", "mo"):
        for n, headers in enumerate(
            ({}, {"In_Reply_To": reply["message_id"]}, {"References": reply["message_id"]})
        ):
            got = mail_from(who, n, **headers)
            assert got["opened"] and got["case"]["id"] != case["id"]
            assert got["case"]["customer_id"] == people[who]["id"]
    # SMS and chat thread the same way: a stranger's number quoting the case opens another
    r = stack.request(
        "POST",
        "/api/cases/inbound/messages",
        role="inbound",
        json={"channel": "sms", "sender": "+46 70 999 00 11", "text": f"Gäller [#{case['number']}]"},
    )
    assert r.status_code == 200 and r.json()["opened"] and r.json()["case"]["id"] != case["id"]
    journal = stack.request("GET", f"/api/cases/{case['id']}/journal?visibility=public").json()
    # the agent opened the case: its subject is the agent's internal note, not a message in
    assert [e["body"] for e in journal if e["direction"] == "in"] == ["kim skriver", "kim skriver"]

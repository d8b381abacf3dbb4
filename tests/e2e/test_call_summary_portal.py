"""An agent's summary of a call, written as the description of the case they open for
the customer, is the agent's internal note: the portal's answer for the customer's own
case (through the gateway, with the customer's login) has only public entries, each
named for who wrote it, and nothing of the summary."""

import uuid

from tests.e2e.customer_helpers import unique_name


def test_an_agents_call_summary_stays_internal_and_the_portal_names_who_wrote_what(stack):
    t = uuid.uuid4().hex[:8]
    address, secret = f"kund.{t}@example.se", f"secret-{t}-pass"
    r = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Ylva",
            "family_name": unique_name(),
            "emails": [{"address": address}],
        },
    )
    assert r.status_code == 201, r.text
    customer = r.json()
    r = stack.request(
        "POST",
        "/api/users",
        role="admin",
        json={"username": address, "password": secret, "role": "customer", "customer_id": customer["id"]},
    )
    assert r.status_code == 201, r.text
    summary = f"Called about the hinge {t}; annoyed, promised a new one by Friday."
    r = stack.request(
        "POST",
        "/api/cases",
        json={
            "customer_id": customer["id"],
            "subject": f"Broken hinge {t}",
            "description": summary,
            "channel": "phone",
        },
    )
    assert r.status_code == 201, r.text
    case = r.json()
    r = stack.request(
        "POST", f"/api/cases/{case['id']}/replies", json={"body": f"A new hinge is on its way {t}."}
    )
    assert r.status_code == 201, r.text

    # the agent sees their summary as their own internal note
    staff = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    [note] = [e for e in staff if e["body"] == summary]
    assert (note["kind"], note["visibility"], note["author"], note["direction"]) == (
        "note",
        "internal",
        "agent",
        None,
    )

    r = stack.request("POST", "/api/auth/token", role=None, json={"username": address, "password": secret})
    assert r.status_code == 200, r.text
    mine = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = stack.request(
        "POST", f"/api/my/cases/{case['id']}/comments", role=None, headers=mine, json={"text": f"Thanks {t}"}
    )
    assert r.status_code == 201, r.text
    assert summary not in r.text

    r = stack.request("GET", f"/api/my/cases/{case['id']}", role=None, headers=mine)
    assert r.status_code == 200, r.text
    assert summary not in r.text
    seen = r.json()
    assert [(e["body"], e["direction"], e["visibility"]) for e in seen["journal"]] == [
        (f"A new hinge is on its way {t}.", "out", "public"),
        (f"Thanks {t}", "in", "public"),
    ]
    assert seen["case"]["subject"] == f"Broken hinge {t}"
    listed = stack.request("GET", "/api/my/cases", role=None, headers=mine)
    assert listed.status_code == 200 and summary not in listed.text

"""Searches by national id through the running gateway: an agent sees ids masked, so a
search that finds a customer by their exact id would reveal it a guess at a time. Every
such search (the customer list's `q`, the look-alike check) is on the audit trail with
the value masked and the number of hits — and so is registering a customer with one, as
a probable duplicate's refusal answers the same question — and an agent may make at most
CRM_NATIONAL_ID_SEARCHES_PER_HOUR (30 here) of them an hour; a supervisor is not limited."""

from tests.e2e.customer_helpers import unique_name
from tests.e2e.test_accounts import as_token, log_in, new_user
from tests.e2e.test_audit_trail import personnummer, trail

LIMIT = 30


def signed_in(stack, role):
    user = new_user(stack, role=role)
    r = log_in(stack, user["username"])
    assert r.status_code == 200, r.text
    return user["username"], as_token(r.json()["access_token"])


def new_person(stack, national_id):
    """Registered by a supervisor: the shared agent's hourly searches stay the other tests'."""
    body = {"kind": "person", "given_name": "Åsa", "family_name": unique_name(), "national_id": national_id}
    r = stack.request("POST", "/api/customers", role="supervisor", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def search(stack, headers, q):
    return stack.request("GET", "/api/customers", role=None, headers=dict(headers), params={"q": q})


def test_an_agents_search_by_national_id_is_on_the_trail_masked_with_its_hits(stack):
    pnr = personnummer()
    made = new_person(stack, pnr)
    username, headers = signed_in(stack, "agent")
    r = search(stack, headers, pnr)
    assert r.status_code == 200, r.text
    assert [c["id"] for c in r.json()] == [made["id"]]
    assert search(stack, headers, made["family_name"]).status_code == 200  # no id: no act
    r = stack.request(
        "POST",
        "/api/customers/match",
        role=None,
        headers=dict(headers),
        json={"kind": "person", "given_name": "X", "family_name": "Y", "national_id": pnr},
    )
    assert r.status_code == 200, r.text
    twin = {"kind": "person", "given_name": "Åsa", "family_name": made["family_name"], "national_id": pnr}
    r = stack.request("POST", "/api/customers", role=None, headers=dict(headers), json=twin)
    assert r.status_code == 409, r.text  # a probable duplicate: an answer by id, too
    entries = trail(stack, actor=username, action="national_id_searched")
    by_target = {e["target"]: e for e in entries}
    assert len(entries) == 3 and set(by_target) == {"customer search", "look-alike check", "new customer"}
    searched = by_target["customer search"]
    assert searched["actor_role"] == "agent"
    assert searched["details"] == {"query": pnr[:7] + "****", "hits": 1}
    assert by_target["look-alike check"]["details"]["query"] == pnr[:7] + "****"
    assert by_target["new customer"]["details"]["hits"] >= 1
    assert pnr[-4:] not in str(entries)


def test_an_agent_gets_429_past_the_hourly_limit_and_a_supervisor_does_not(stack):
    pnr = personnummer()
    new_person(stack, pnr)
    _, agent = signed_in(stack, "agent")
    for _ in range(LIMIT):
        assert search(stack, agent, f"Åsa {pnr.replace('-', ' ')}").status_code == 200
    refused = search(stack, agent, pnr)
    assert refused.status_code == 429, refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert refused.json()["error"] == "too_many_searches"
    assert search(stack, agent, "Åsa").status_code == 200  # a search by name goes on
    boss, supervisor = signed_in(stack, "supervisor")
    for _ in range(LIMIT + 1):
        assert search(stack, supervisor, pnr).status_code == 200
    assert len(trail(stack, actor=boss, action="national_id_searched")) == LIMIT + 1

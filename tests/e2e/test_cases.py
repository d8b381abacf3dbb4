"""Cases over HTTP (K1–K5): a mail from an unknown sender opens a routed case, the agent
answers and the answer is threaded, the customer's reply comes back onto the same case,
internal notes stay internal, an absent agent's cases move on, and SLA policies apply.

Other tests on the same stack leave cases waiting with no queue, and any agent who comes
free takes one: the routing checks here count only their own cases, whatever ran before."""

from datetime import datetime

from tests.e2e.case_helpers import agent, post_mail, raw_mail, rule, tag
from tests.e2e.customer_helpers import unique_name


def test_a_mail_becomes_a_routed_case_and_the_conversation_threads_both_ways(stack, eventually):
    t = tag()
    queue = f"garden-{t}"
    agent(stack, f"gardener-{t}", queue)
    rule(stack, f"hoses {t}", queue, conditions={"keywords": [f"slang{t}"]}, weight=40)
    family = unique_name()
    sender = f"nils.{t}@example.se"
    first_id = f"<first.{t}@example.se>"
    r = post_mail(
        stack,
        raw_mail(
            f"Nils {family} <{sender}>",
            f"Trasig slang{t}",
            "Slangen läcker vid kopplingen.",
            first_id,
            b"%PDF-1.4",
        ),
    )
    assert r.status_code == 200, r.text
    got = r.json()
    case = got["case"]
    assert got["opened"] and not got["duplicate"]
    assert (case["channel"], case["queue"], case["assignee"]) == ("email", queue, f"gardener-{t}")
    customer_id = case["customer_id"]
    assert customer_id is not None  # an unknown sender with no look-alike is registered at once
    customer = stack.request("GET", f"/api/customers/{customer_id}").json()
    assert customer["emails"][0]["address"] == sender

    # the provider retries: nothing new
    again = post_mail(stack, raw_mail(f"Nils <{sender}>", f"Trasig slang{t}", "x", first_id)).json()
    assert again["duplicate"] and again["case"]["id"] == case["id"]

    journal = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    first = next(e for e in journal if e["kind"] == "message")
    assert first["body"] == "Slangen läcker vid kopplingen." and first["visibility"] == "public"
    pdf = first["attachments"][0]
    r = stack.request("GET", f"/api/cases/{case['id']}/attachments/{pdf['id']}")
    assert (r.status_code, r.content, r.headers["Content-Type"]) == (200, b"%PDF-1.4", "application/pdf")

    def messages():
        return stack.request("GET", f"/api/customers/{customer_id}/overview").json()["messages"]

    confirmation = eventually(
        lambda: [m for m in messages() if m["template"] == "case_confirmation" and m["status"] == "sent"]
    )
    assert case["number"] in confirmation[0]["subject"] and confirmation[0]["attempts"] == 1

    stack.request("POST", f"/api/cases/{case['id']}/notes", json={"body": f"internal-{t}"})
    r = stack.request(
        "POST",
        f"/api/cases/{case['id']}/replies",
        json={"body": "Vi skickar en ny koppling.", "then": "pending"},
    )
    assert r.status_code == 201, r.text
    reply = r.json()
    assert reply["subject"] == f"[#{case['number']}] Trasig slang{t}"
    sent = eventually(lambda: [m for m in messages() if m["template"] == "case_reply"])
    assert (sent[0]["recipient"], sent[0]["in_reply_to"], sent[0]["message_id"]) == (
        sender,
        first_id,
        reply["message_id"],
    )
    assert stack.request("GET", f"/api/cases/{case['id']}").json()["status"] == "pending"

    # the customer answers the reply: the thread brings it back, and the case is open again
    answer = raw_mail(
        f"Nils <{sender}>",
        "Re: something else",
        "Tack!",
        f"<answer.{t}@example.se>",
        In_Reply_To=reply["message_id"],
    )
    back = post_mail(stack, answer).json()
    assert (back["opened"], back["case"]["id"], back["case"]["status"]) == (False, case["id"], "open")

    public = stack.request("GET", f"/api/cases/{case['id']}/journal?visibility=public").json()
    assert [e["body"] for e in public if e["kind"] == "message"] == [
        "Slangen läcker vid kopplingen.",
        "Vi skickar en ny koppling.",
        "Tack!",
    ]
    assert all(e["visibility"] == "public" for e in public)
    everything = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    assert f"internal-{t}" in [e["body"] for e in everything]


def test_bad_or_unauthenticated_mail_is_refused(stack):
    r = post_mail(stack, b"Subject: no sender\n\nhello")
    assert r.status_code == 400 and r.json()["fields"] == {"From": "missing or not an address"}
    r = post_mail(stack, raw_mail("a@example.se", "x", "y", "<z@x>"), role=None)
    assert r.status_code == 401
    r = post_mail(stack, raw_mail("a@example.se", "x", "y", "<z@x>"), role="agent")
    assert r.status_code == 403
    r = stack.request(
        "POST",
        "/api/cases/inbound/messages",
        role="inbound",
        json={"channel": "chat", "sender": "+46701234567", "text": "hej"},
    )
    assert r.status_code == 400 and "sender" in r.json()["fields"]


def test_an_absent_agents_cases_move_to_a_colleague_and_each_move_says_why(stack):
    t = tag()
    queue = f"billing-{t}"
    agent(stack, f"anna-{t}", queue, skills={"billing": 3})
    rule(stack, f"invoices {t}", queue, conditions={"keywords": [f"faktura{t}"]}, skills={"billing": 2})
    customer = stack.request(
        "POST", "/api/customers", json={"kind": "person", "given_name": "Kim", "family_name": unique_name()}
    ).json()["id"]
    opened = [
        stack.request(
            "POST", "/api/cases", json={"customer_id": customer, "subject": f"Fel i faktura{t}n"}
        ).json()
        for _ in range(2)
    ]
    assert {c["assignee"] for c in opened} == {f"anna-{t}"}
    # a colleague without the skill does not qualify; one with it does
    agent(stack, f"bert-{t}", queue, skills={"sales": 3})
    agent(stack, f"cleo-{t}", queue, skills={"billing": 2})
    r = stack.request(
        "POST", f"/api/agents/anna-{t}/presence", role="supervisor", json={"presence": "offline"}
    )
    assert r.status_code == 200
    assert {m["agent"] for m in r.json()["moved"]} == {f"cleo-{t}"}
    for case in opened:
        now = stack.request("GET", f"/api/cases/{case['id']}").json()
        assert now["assignee"] == f"cleo-{t}"
        reasons = [a["reason"] for a in stack.request("GET", f"/api/cases/{case['id']}/assignments").json()]
        assert f"rule 'invoices {t}'" in reasons[0] and f"anna-{t} scored" in reasons[0]
        assert f"cleo-{t} scored" in reasons[1]
    agents = {a["username"]: a for a in stack.request("GET", "/api/agents").json()}
    assert agents[f"anna-{t}"]["open_cases"] == 0
    # cleo may also have taken a case left waiting with no queue by another test
    assert agents[f"cleo-{t}"]["open_cases"] >= 2
    # an agent may not set someone else's presence
    r = stack.request("POST", f"/api/agents/cleo-{t}/presence", role="agent", json={"presence": "away"})
    assert r.status_code == 403


def test_a_case_gets_the_sla_of_its_customers_tier_and_a_reply_in_time_keeps_it(stack):
    t = tag()
    week = {d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    r = stack.request(
        "POST",
        "/api/sla/calendars",
        role="admin",
        json={"name": f"always-{t}", "timezone": "Europe/Stockholm", "hours": week},
    )
    assert r.status_code == 201, r.text
    policy = {
        "name": f"key accounts {t}",
        "tiers": ["key"],
        "rank": 0,
        "calendar_id": r.json()["id"],
        "first_response_minutes": 30,
        "resolution_minutes": 240,
        "escalations": [{"target": "first_response", "minutes_before": 10, "actions": ["reassign"]}],
    }
    r = stack.request("POST", "/api/sla/policies", role="admin", json=policy)
    assert r.status_code == 400
    assert r.json()["fields"] == {"escalations.0.queue": "reassign needs the queue to move the case to"}
    policy["escalations"][0]["queue"] = f"supervisors-{t}"
    r = stack.request("POST", "/api/sla/policies", role="admin", json=policy)
    assert r.status_code == 201, r.text

    body = {"kind": "organisation", "name": f"Key {unique_name()} AB", "tier": "key"}
    customer = stack.request("POST", "/api/customers", json=body).json()["id"]
    case = stack.request("POST", "/api/cases", json={"customer_id": customer, "subject": "Leverans?"}).json()
    assert case["sla_policy_id"] == r.json()["id"]
    opened, due = (datetime.fromisoformat(case[k]) for k in ("created_at", "first_response_due"))
    assert abs((due - opened).total_seconds() - 30 * 60) < 61  # a calendar minute closes each night
    stack.request("POST", f"/api/cases/{case['id']}/replies", json={"body": "Den kommer i morgon."})
    answered = stack.request("GET", f"/api/cases/{case['id']}").json()
    assert answered["first_response_at"] is not None and answered["breaches"] == []

"""Cases over HTTP (K1–K5): a mail from an unknown sender opens a routed case, the agent
answers and the answer is threaded, the customer's reply comes back onto the same case,
internal notes stay internal, an absent agent's cases move on, and SLA policies apply."""

import uuid
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

from tests.e2e.test_customers import unique_name


def tag() -> str:
    return uuid.uuid4().hex[:8]


def raw_mail(sender, subject, body, message_id, attachment=None, **headers) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@crm.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="kvitto.pdf")
    return bytes(message)


def post_mail(stack, raw, role="inbound"):
    return stack.request(
        "POST", "/api/cases/inbound/email", role=role, data=raw, headers={"Content-Type": "message/rfc822"}
    )


def agent(stack, username, queue, **extra):
    body = {"name": username.title(), "queues": [queue], "capacity": 5, **extra}
    r = stack.request("PUT", f"/api/agents/{username}", role="supervisor", json=body)
    assert r.status_code == 200, r.text
    r = stack.request(
        "POST", f"/api/agents/{username}/presence", role="supervisor", json={"presence": "available"}
    )
    assert r.status_code == 200, r.text


def rule(stack, name, queue, **body):
    r = stack.request("POST", "/api/routing/rules", role="admin", json={"name": name, "queue": queue, **body})
    assert r.status_code == 201, r.text
    return r.json()


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
    assert (agents[f"anna-{t}"]["open_cases"], agents[f"cleo-{t}"]["open_cases"]) == (0, 2)
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


def test_faq_similar_cases_reply_templates_and_guidance(stack):
    t = tag()
    customer = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Maja",
            "family_name": unique_name(),
            "tier": "major",
            "language": "sv",
            "emails": [{"address": f"maja.{t}@example.se"}],
        },
    ).json()["id"]
    word = f"värmepump{uuid.uuid4().int % 10**8:08d}"  # digits: no stemmer trims them
    r = stack.request(
        "POST",
        "/api/faq",
        json={
            "question": f"Min {word} piper",
            "answer": "Rengör filtret och starta om.",
            "language": "sv",
            "product": "värmepump",
            "problem": "ljud",
        },
    )
    assert r.status_code == 201, r.text
    faq = r.json()
    found = stack.request("GET", f"/api/faq?q={word}en+piper&language=sv").json()
    assert [f["id"] for f in found] == [faq["id"]] and found[0]["score"] > 0
    assert stack.request("GET", f"/api/faq?q={word}&language=en").json() == []

    old = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": customer, "subject": f"{word} låter", "description": "Högt pip"},
    ).json()
    stack.request(
        "POST", f"/api/cases/{old['id']}/replies", json={"body": "Byt fläktlagret.", "then": "solved"}
    )
    new = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": customer, "subject": f"Pip från {word}n", "description": "Hjälp"},
    ).json()
    similar = stack.request("GET", f"/api/cases/{new['id']}/similar").json()
    assert [(c["number"], c["solution"]) for c in similar["cases"]] == [(old["number"], "Byt fläktlagret.")]
    assert [f["id"] for f in similar["faq"]] == [faq["id"]]

    r = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={
            "name": f"standard {t}",
            "language": "sv",
            "body": "Hej {{ customer.given_name }},\n\n{{ text }}\n\nÄrende {{ case.number }}\n{{ agent }}",
        },
    )
    assert r.status_code == 201, r.text
    template = r.json()["id"]
    bad = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={"name": f"broken {t}", "body": "Hej {{ customer.name "},
    )
    assert bad.status_code == 400 and "body" in bad.json()["fields"], bad.text
    r = stack.request(
        "POST",
        f"/api/cases/{new['id']}/replies/preview",
        json={"template_id": template, "text": "Rengör filtret."},
    )
    assert r.status_code == 200, r.text
    preview = r.json()["body"]
    assert preview == f"Hej Maja,\n\nRengör filtret.\n\nÄrende {new['number']}\nagent"
    sent = stack.request(
        "POST", f"/api/cases/{new['id']}/replies", json={"template_id": template, "body": "Rengör filtret."}
    ).json()
    assert sent["body"] == preview

    guidance = stack.request("GET", f"/api/cases/{new['id']}/guidance").json()
    assert guidance["customer"]["tier"] == "major" and guidance["customer"]["importance"] == "major customer"
    assert "available" in guidance["credit"] and "product_of_the_week" in guidance["offer_next"]


def test_calls_are_registered_by_type_and_counted_per_agency_and_cases_reported(stack):
    t = tag()
    month = datetime.now(timezone.utc).strftime("%Y-%m")
    for name in (f"invoice question {t}", f"product inquiry {t}"):
        assert (
            stack.request("POST", "/api/call-types", role="supervisor", json={"name": name}).status_code
            == 201
        )
    for body in (
        {"call_type": f"invoice question {t}"},
        {"call_type": f"invoice question {t}", "agency": f"Agency {t}"},
        {"call_type": f"product inquiry {t}", "agency": f"Agency {t}", "order_id": 12},
    ):
        r = stack.request("POST", "/api/call-registrations", json=body)
        assert r.status_code == 201, r.text
    r = stack.request("POST", "/api/call-registrations", json={"call_type": "no such type"})
    assert r.status_code == 400 and r.json()["fields"] == {"call_type": "not a call type"}
    r = stack.request(
        "POST",
        "/api/call-registrations",
        json={"call_type": f"invoice question {t}", "call_id": 9_000_000 + int(t[:4], 16)},
    )
    assert r.status_code == 201
    again = stack.request(
        "POST",
        "/api/call-registrations",
        json={"call_type": f"invoice question {t}", "call_id": r.json()["call_id"]},
    )
    assert again.status_code == 409

    rows = stack.request(
        "GET", f"/api/reports/calls?from={month}&to={month}&by=agency", role="supervisor"
    ).json()
    mine = [r for r in rows if r["agency"] == f"Agency {t}"]
    assert sorted((r["call_type"], r["calls"], r["with_order"]) for r in mine) == [
        (f"invoice question {t}", 1, 0),
        (f"product inquiry {t}", 1, 1),
    ]
    csv_text = stack.request(
        "GET", f"/api/reports/calls?from={month}&to={month}&by=agency&format=csv", role="supervisor"
    ).text
    assert csv_text.splitlines()[0] == "month,call_type,agency,calls,with_order,with_case"
    assert f"{month},product inquiry {t},Agency {t},1,1,0" in csv_text.splitlines()

    queue = f"reports-{t}"
    agent(stack, f"rita-{t}", queue)
    rule(stack, f"reports {t}", queue, conditions={"keywords": [f"rapport{t}"]})
    customer = stack.request(
        "POST", "/api/customers", json={"kind": "person", "name": f"R {unique_name()}"}
    ).json()["id"]
    for n in range(3):
        case = stack.request(
            "POST", "/api/cases", json={"customer_id": customer, "subject": f"rapport{t} {n}"}
        ).json()
        if n < 2:
            stack.request(
                "POST", f"/api/cases/{case['id']}/replies", json={"body": "Klart.", "then": "solved"}
            )
    report = stack.request(
        "GET", f"/api/reports/cases?from={month}&to={month}&by=queue", role="supervisor"
    ).json()
    (row,) = [r for r in report if r["queue"] == queue]
    assert (row["opened"], row["solved"], row["open"]) == (3, 2, 1)
    assert row["avg_first_response_minutes"] is not None and row["avg_first_response_minutes"] < 1
    bad = stack.request("GET", f"/api/reports/cases?from={month}&to={month}&by=colour", role="supervisor")
    assert bad.status_code == 400 and "by" in bad.json()["fields"]
    assert (
        stack.request("GET", f"/api/reports/cases?from={month}&to={month}", role="agent").status_code == 403
    )


def test_the_agenda_books_reminds_and_the_papers_remind_before_their_dates(stack, eventually):
    t = tag()
    me = stack.request(
        "PUT",
        "/api/agents/agent",
        role="supervisor",
        json={"name": "Agent", "email": f"agent.{t}@crm.example", "queues": [f"none-{t}"]},
    )
    assert me.status_code == 200, me.text
    soon = datetime.now(timezone.utc) + timedelta(minutes=2)
    car = f"car-{t}"
    booking = {
        "kind": "booking",
        "title": "Kundbesök",
        "resource": car,
        "starts_at": soon.isoformat(),
        "ends_at": (soon + timedelta(hours=1)).isoformat(),
        "remind_minutes_before": 5,
        "at_login": True,
    }
    r = stack.request("POST", "/api/agenda", json=booking)
    assert r.status_code == 201, r.text
    clash = stack.request("POST", "/api/agenda", role="supervisor", json={**booking, "title": "Annat"})
    assert clash.status_code == 409 and clash.json()["fields"] == {"resource": "booked at that time"}
    # the supervisor sees the booking in the shared calendar
    week = stack.request("GET", f"/api/agenda?from={soon.date()}", role="supervisor").json()
    assert car in [i["resource"] for i in week]
    # the reminder was due at once (five minutes before, two from now): it goes out by e-mail
    sent = eventually(
        lambda: stack.request(
            "GET", f"/api/messages?recipient=agent.{t}@crm.example", role="supervisor"
        ).json()
    )
    assert sent[0]["template"] == "reminder" and car in sent[0]["subject"]

    r = stack.request(
        "POST",
        "/api/documents",
        json={
            "kind": "policy",
            "title": f"Försäkring {t}",
            "expires_on": str(soon.date() + timedelta(days=10)),
            "paper_location": "kassaskåp",
        },
    )
    assert r.status_code == 201 and r.json()["responsible"] == "agent"
    expiring = stack.request("GET", "/api/documents?expiring_within_days=30").json()
    assert f"Försäkring {t}" in [d["title"] for d in expiring]
    bad = stack.request("GET", "/api/documents?customer_id=abc")
    assert bad.status_code == 400 and bad.json()["fields"] == {"customer_id": "not a number"}


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
    assert [e["body"] for e in journal if e["direction"] == "in"] == [
        f"Avtal {t}",
        "kim skriver",
        "kim skriver",
    ]

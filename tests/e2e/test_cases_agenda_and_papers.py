"""The case service's agenda and papers (K12, K13): a booking of a resource, its reminder
by e-mail, and the papers that remind before their dates."""

from datetime import datetime, timedelta, timezone

from tests.e2e.case_helpers import tag


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

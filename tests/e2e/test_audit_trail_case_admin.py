"""The audit trail end to end for how cases are answered, routed and timed: a reply
template, a routing rule (created, changed, deleted), the routing weights, a business
calendar, an SLA policy and an FAQ answer are each an act of the person who changed it,
with old and new."""

import uuid

from tests.e2e.test_audit_trail import acts


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def changed(entry):
    return {c["field"]: (c["old"], c["new"]) for c in entry["details"]["changes"]}


def test_a_routing_rule_created_changed_and_deleted_is_on_the_trail(stack, eventually):
    rule = {"name": unique("rule"), "weight": 5, "conditions": {"keywords": ["refund"]}, "queue": "billing"}
    r = stack.request("POST", "/api/routing/rules", role="admin", json=rule)
    assert r.status_code == 201, r.text
    rule_id = r.json()["id"]
    r = stack.request("PUT", f"/api/routing/rules/{rule_id}", role="admin", json={**rule, "queue": "money"})
    assert r.status_code == 200, r.text
    assert stack.request("DELETE", f"/api/routing/rules/{rule_id}", role="admin").status_code == 204
    mine = lambda: [  # noqa: E731
        e
        for e in acts(stack, eventually, "routing_rule_changed", actor="admin")
        if e["target"] == f"routing rule {rule_id}"
    ]
    found = eventually(lambda: len(mine()) == 3 and mine())
    deleted, updated, created = found  # newest first
    assert [e["details"]["operation"] for e in (created, updated, deleted)] == [
        "created",
        "updated",
        "deleted",
    ]
    assert (created["actor_role"], created["source"]) == ("admin", "case")
    assert changed(created)["name"] == (None, rule["name"])
    assert changed(updated) == {"queue": ("billing", "money")}
    assert changed(deleted)["queue"] == ("money", None)


def test_templates_weights_calendars_policies_and_faq_answers_are_on_the_trail(stack, eventually):
    name = unique("thanks")
    r = stack.request(
        "POST", "/api/reply-templates", role="supervisor", json={"name": name, "body": "Tack, {{ agent }}"}
    )
    assert r.status_code == 201, r.text
    [template] = [
        e
        for e in acts(stack, eventually, "reply_template_changed", actor="supervisor")
        if e["target"] == f"reply template {r.json()['id']}"
    ]
    assert changed(template)["body"] == (None, "Tack, {{ agent }}")
    assert template["details"]["operation"] == "created"

    r = stack.request("PUT", "/api/routing/weights", role="admin", json={"language": 3})
    assert r.status_code == 200, r.text
    weights = acts(stack, eventually, "routing_rule_changed", actor="admin")
    assert any(e["target"] == "routing weights" for e in weights)

    hours = {"mon": [["08:00", "17:00"]]}
    calendar_name = unique("office")
    r = stack.request(
        "POST",
        "/api/sla/calendars",
        role="admin",
        json={"name": calendar_name, "timezone": "Europe/Stockholm", "hours": hours},
    )
    assert r.status_code == 201, r.text
    calendar_id = r.json()["id"]
    [calendar] = [
        e
        for e in acts(stack, eventually, "business_hours_changed", actor="admin")
        if e["target"] == f"calendar {calendar_id}"
    ]
    assert changed(calendar)["name"] == (None, calendar_name)

    policy_name = unique("gold")
    r = stack.request(
        "POST",
        "/api/sla/policies",
        role="admin",
        json={
            "name": policy_name,
            "calendar_id": calendar_id,
            "first_response_minutes": 30,
            "resolution_minutes": 240,
        },
    )
    assert r.status_code == 201, r.text
    [policy] = [
        e
        for e in acts(stack, eventually, "sla_policy_changed", actor="admin")
        if e["target"] == f"SLA policy {r.json()['id']}"
    ]
    assert changed(policy)["first_response_minutes"] == (None, 30)

    faq = {"question": unique("How do I return"), "answer": "By post.", "language": "en"}
    r = stack.request("POST", "/api/faq", role="agent", json=faq)
    assert r.status_code == 201, r.text
    faq_id = r.json()["id"]
    r = stack.request("PUT", f"/api/faq/{faq_id}", role="agent", json={**faq, "answer": "In a shop."})
    assert r.status_code == 200, r.text
    mine = lambda: [  # noqa: E731
        e
        for e in acts(stack, eventually, "faq_changed", actor="agent")
        if e["target"] == f"FAQ entry {faq_id}"
    ]
    updated, published = eventually(lambda: len(mine()) == 2 and mine())
    assert changed(updated) == {"answer": ("By post.", "In a shop.")}
    assert published["details"]["operation"] == "created"

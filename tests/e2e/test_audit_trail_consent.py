"""Consent to marketing on the audit trail end to end: an opt-out or opt-in made by staff
at the desk, or by the customer in the portal's newsletters, is a `consent_changed` act
of the person who made it, with the channel, the newsletter, old and new."""

from tests.e2e.customer_helpers import new_person
from tests.e2e.test_audit_trail import acts
from tests.e2e.test_portal_pages import portal_customer


def consent(entry):
    [change] = entry["details"]["changes"]
    return entry["details"]["channel"], entry["details"]["newsletter"], change["old"], change["new"]


def test_an_agents_opt_out_and_opt_in_are_on_the_trail(stack, eventually):
    person = new_person(stack)
    path = f"/api/customers/{person['id']}"
    r = stack.request("POST", f"{path}/opt-outs", json={"channel": "sms", "topic": None})
    assert r.status_code in (200, 201), r.text
    r = stack.request("POST", f"{path}/opt-ins", json={"channel": "sms", "topic": None})
    assert r.status_code in (200, 201), r.text
    both = eventually(
        lambda: (
            len(found := acts(stack, eventually, "consent_changed", customer_id=person["id"])) == 2 and found
        )
    )
    opted_in, opted_out = both  # newest first
    assert consent(opted_out) == ("sms", None, True, False)
    assert consent(opted_in) == ("sms", None, False, True)
    assert {(e["actor"], e["actor_role"], e["source"]) for e in both} == {("agent", "agent", "messaging")}


def test_a_customer_leaving_the_newsletter_in_the_portal_is_on_the_trail(stack, eventually):
    customer, address, secret = portal_customer(stack, newsletter=True)
    token = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": address, "password": secret}
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    r = stack.request("PUT", "/api/my/newsletters", role=None, headers=headers, json={"newsletter": False})
    assert r.status_code == 200, r.text
    [left] = acts(stack, eventually, "consent_changed", customer_id=customer["id"])
    assert consent(left) == ("email", None, True, False)
    assert (left["actor"], left["actor_role"]) == (f"customer-{customer['id']}", "customer")
    assert address not in str(left)

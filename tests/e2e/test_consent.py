"""Consent to marketing is opt-in (C9, M5): kept with its time and source, given and
withdrawn by an agent in the 360° view and by the customer in the portal, and a campaign
reaches only those who consented — an organisation through its newsletter recipients."""

import uuid

from tests.e2e.customer_helpers import new_person, unique_name
from tests.e2e.desk_helpers import log_in


def consent(stack, customer_id, given=True):
    r = stack.request("PUT", f"/api/customers/{customer_id}/consent", json={"given": given})
    assert r.status_code == 200, r.text
    return r.json()


def test_consent_is_opt_in_and_kept_with_its_time_and_source(stack):
    customer = new_person(stack)
    assert (customer["marketing_consent"], customer["consent_source"]) == (False, None)
    given = consent(stack, customer["id"])
    assert (given["given"], given["source"], given["customer_id"]) == (True, "agent:agent", customer["id"])
    assert given["changed_at"]
    # the same answer again keeps when and how it was first given
    again = stack.request(
        "PUT", f"/api/customers/{customer['id']}/consent", role="supervisor", json={"given": True}
    ).json()
    assert (again["changed_at"], again["source"]) == (given["changed_at"], "agent:agent")
    view = stack.request("GET", f"/api/customers/{customer['id']}/overview").json()["customer"]
    assert (view["marketing_consent"], view["consent_source"]) == (True, "agent:agent")
    withdrawn = consent(stack, customer["id"], given=False)
    assert withdrawn["given"] is False and withdrawn["changed_at"] >= given["changed_at"]
    bad = stack.request("PUT", f"/api/customers/{customer['id']}/consent", json={"given": "yes"})
    assert bad.status_code == 400 and "given" in bad.json()["fields"]
    assert stack.request("PUT", "/api/customers/999999999/consent", json={"given": True}).status_code == 404


def test_a_campaign_reaches_only_who_consented_and_an_organisations_newsletter_recipients(stack, eventually):
    t = uuid.uuid4().hex[:8]
    title = f"Gardener {t}"
    yes = new_person(stack, job_title=title, emails=[{"address": f"yes.{t}@example.se"}])
    no = new_person(stack, job_title=title, emails=[{"address": f"no.{t}@example.se"}])
    consent(stack, yes["id"])
    org = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "organisation", "name": unique_name() + " AB", "industry": title},
    ).json()
    staff = {}
    for who, receives, agrees in (("reader", True, True), ("silent", True, False), ("boss", False, True)):
        person = new_person(stack, emails=[{"address": f"{who}.{t}@example.se"}])
        staff[who] = person["id"]
        link = {"person_id": person["id"], "job_title": "Buyer", "receives_newsletter": receives}
        assert stack.request("POST", f"/api/customers/{org['id']}/employments", json=link).status_code == 201
        if agrees:
            consent(stack, person["id"])
    criteria = {"any": [{"job_title": title}, {"industry": [title]}]}
    selection = stack.request(
        "POST", "/api/selections", json={"name": f"gardeners {t}", "criteria": criteria}
    )
    assert selection.status_code == 201, selection.text
    template = f"spring_{t}"
    r = stack.request(
        "PUT",
        f"/api/templates/{template}/en/email",
        role="admin",
        json={"purpose": "marketing", "subject": "Spring news", "text": "Seeds are in"},
    )
    assert r.status_code == 200, r.text
    body = {
        "name": f"spring {t}",
        "template": template,
        "selection_id": selection.json()["id"],
        "per_minute": 6000,
    }
    campaign = stack.request("POST", "/api/campaigns", role="supervisor", json=body).json()["id"]
    stack.request("POST", f"/api/campaigns/{campaign}/start", role="supervisor")
    done = eventually(
        lambda: (
            (c := stack.request("GET", f"/api/campaigns/{campaign}", role="supervisor").json())["status"]
            == "done"
            and c
        )
    )
    assert done and done["targeted"] == 2, done

    def got_it(customer_id):
        messages = stack.request("GET", f"/api/customers/{customer_id}/overview").json()["messages"]
        return [m["template"] for m in messages].count(template)

    assert eventually(lambda: got_it(yes["id"]) and got_it(staff["reader"]))
    assert (got_it(yes["id"]), got_it(staff["reader"])) == (1, 1)
    assert (got_it(no["id"]), got_it(staff["silent"]), got_it(staff["boss"]), got_it(org["id"])) == (
        0,
        0,
        0,
        0,
    )


def test_an_agent_records_and_withdraws_consent_in_the_360_view(stack, open_page, screenshot):
    customer = new_person(stack)
    page = open_page(f"/desk#/customer/{customer['id']}")
    log_in(page)
    page.wait_for_selector("[data-consent=none] >> text=No consent yet")
    page.click("[data-consent] button:has-text('Customer consents')")
    page.wait_for_selector("[data-consent=given] [data-consent-source]:has-text('agent:agent')")
    screenshot(page, "desk-consent")
    assert stack.request("GET", f"/api/customers/{customer['id']}").json()["marketing_consent"] is True
    page.click("[data-consent] button:has-text('Withdraw consent')")
    page.wait_for_selector("[data-consent=none] >> text=Consent withdrawn")
    assert stack.request("GET", f"/api/customers/{customer['id']}").json()["marketing_consent"] is False


def test_the_customer_gives_and_withdraws_consent_in_the_portal(stack, open_page, screenshot):
    t = uuid.uuid4().hex[:8]
    address, secret = f"kund.{t}@example.se", f"secret-{t}-pass"
    customer = new_person(stack, emails=[{"address": address}])
    login = {"username": address, "password": secret, "role": "customer", "customer_id": customer["id"]}
    assert stack.request("POST", "/api/users", role="admin", json=login).status_code == 201
    page = open_page("/portal")
    page.fill("input[name=email]", address)
    page.fill("input[name=password]", secret)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-view=my-cases]")
    page.click("text=Newsletters")
    page.wait_for_selector("[data-view=my-consent] >> text=You have not agreed to marketing.")
    page.click("[data-view=my-consent] button:has-text('I agree')")
    page.wait_for_selector("[data-consent=given] [data-consent-state]:has-text('You agreed')")
    screenshot(page, "portal-consent")
    got = stack.request("GET", f"/api/customers/{customer['id']}").json()
    assert (got["marketing_consent"], got["consent_source"]) == (True, "portal")
    page.click("[data-view=my-consent] button:has-text('Withdraw my consent')")
    page.wait_for_selector("[data-consent=none] [data-consent-state]:has-text('You withdrew')")
    assert stack.request("GET", f"/api/customers/{customer['id']}").json()["marketing_consent"] is False

"""The audit trail end to end: an act done through the gateway, in whichever service,
shows in GET /api/audit with the person who did it."""

import random
import uuid

from playwright.sync_api import expect

from tests.e2e.customer_helpers import new_person, unique_name
from tests.e2e.desk_helpers import log_in
from tests.e2e.test_import import MAPPING, csv_text, finished
from tests.e2e.test_portal_pages import portal_customer


def personnummer() -> str:
    """A valid Swedish national id no other test uses (YYMMDD-NNNC, Luhn check digit)."""
    digits = f"{random.randint(30, 99):02d}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    digits += f"{random.randint(0, 999):03d}"
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(digits))
    return f"{digits[:6]}-{digits[6:]}{(10 - total % 10) % 10}"


def trail(stack, **filters):
    r = stack.request("GET", "/api/audit", role="admin", params=filters)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def acts(stack, eventually, action, **filters):
    """The entries of `action` under `filters`, once there is at least one."""
    return eventually(lambda: [e for e in trail(stack, **filters) if e["action"] == action])


def test_an_agents_change_to_a_customer_is_in_the_trail_with_old_and_new(stack, eventually):
    made = new_person(stack, phones=[{"number": "070-111 22 33"}])
    r = stack.request(
        "PATCH",
        f"/api/customers/{made['id']}",
        json={
            "family_name": "Ekholm",
            "phones": [{"number": "070-444 55 66"}],
            "national_id": (pnr := personnummer()),
            "addresses": [{"street": "Sveavägen 1", "postal_code": "111 57", "city": "Stockholm"}],
        },
    )
    assert r.status_code == 200, r.text
    [entry] = acts(stack, eventually, "customer_updated", customer_id=made["id"])
    assert (entry["actor"], entry["actor_role"], entry["source"]) == ("agent", "agent", "customer")
    changed = {c["field"]: (c["old"], c["new"]) for c in entry["details"]["changes"]}
    assert changed["family_name"] == (made["family_name"], "Ekholm")
    assert changed["phones"] == (["+46701112233"], ["+46704445566"])
    assert changed["addresses"] == ([], ["postal: Sveavägen 1, 111 57 Stockholm, SE"])
    assert changed["national_id"] == (None, "[hidden]")
    assert pnr[-4:] not in str(entry)
    by_agent = trail(stack, actor="agent", action="customer_updated")
    assert made["id"] in [e["customer_id"] for e in by_agent]


def test_a_change_that_changes_nothing_is_not_an_act(stack, eventually):
    made = new_person(stack, language="sv")
    stack.request("PATCH", f"/api/customers/{made['id']}", json={"language": "sv"})
    stack.request("PATCH", f"/api/customers/{made['id']}", json={"language": "fi"})
    updates = acts(stack, eventually, "customer_updated", customer_id=made["id"])
    assert [e["details"]["changes"] for e in updates] == [[{"field": "language", "old": "sv", "new": "fi"}]]


def test_an_import_is_one_act_with_its_counts_and_a_review_decision_and_merge_are_acts(stack, eventually):
    r = stack.request(
        "POST",
        "/api/customers/import",
        role="supervisor",
        json={"csv": csv_text(), "mapping": MAPPING, "mode": "review"},
    )
    assert r.status_code == 202, r.text
    job = finished(stack, eventually, r.json()["id"])
    mine = lambda: [  # noqa: E731
        e
        for e in trail(stack, actor="supervisor", action="customers_imported")
        if e["target"] == f"import {job['id']}"
    ]
    [imported] = eventually(mine)
    assert {k: imported["details"][k] for k in ("total", "created", "queued", "failed")} == {
        "total": 4,
        "created": 2,
        "queued": 1,
        "failed": 1,
    }
    queued = job["report"][1]
    r = stack.request(
        "POST",
        f"/api/review/{queued['review_id']}/decision",
        json={"decision": "merge", "into": queued["look_alikes"][0], "note": "same person"},
    )
    assert r.status_code == 200, r.text
    survivor = queued["look_alikes"][0]
    [decided] = acts(stack, eventually, "review_decided", customer_id=survivor)
    assert decided["actor"] == "agent" and decided["target"] == f"review {queued['review_id']}"
    assert decided["details"]["decision"] == "merged"
    [merged] = acts(stack, eventually, "customers_merged", customer_id=survivor)
    assert merged["actor"] == "agent" and merged["details"]["survivor_id"] == survivor
    assert merged["target"] == f"customer {merged['details']['merged_id']}"


def test_a_supervisors_merge_names_both_customers(stack, eventually):
    keep, fold = new_person(stack), new_person(stack)
    r = stack.request(
        "POST", f"/api/customers/{keep['id']}/merge", role="supervisor", json={"merged_id": fold["id"]}
    )
    assert r.status_code == 200, r.text
    [merged] = acts(stack, eventually, "customers_merged", customer_id=keep["id"])
    assert (merged["actor"], merged["actor_role"]) == ("supervisor", "supervisor")
    assert (merged["details"]["survivor_id"], merged["details"]["merged_id"]) == (keep["id"], fold["id"])


def test_log_entries_contact_persons_and_address_blocks_are_acts(stack, eventually):
    person = new_person(stack)
    r = stack.request("POST", "/api/customers", json={"kind": "organisation", "name": unique_name() + " AB"})
    org = r.json()
    r = stack.request(
        "POST", f"/api/customers/{person['id']}/log", json={"text": "Ring after 3", "importance": "red"}
    )
    assert r.status_code == 201, r.text
    [logged] = acts(stack, eventually, "log_entry_added", customer_id=person["id"])
    assert {"field": "text", "old": None, "new": "Ring after 3"} in logged["details"]["changes"]
    r = stack.request(
        "POST",
        f"/api/customers/{org['id']}/employments",
        json={"person_id": person["id"], "job_title": "CFO"},
    )
    assert r.status_code == 201, r.text
    [linked] = acts(stack, eventually, "contact_person_linked", customer_id=org["id"])
    assert linked["target"] == f"customer {person['id']}" and linked["actor"] == "agent"
    assert {"field": "job_title", "old": None, "new": "CFO"} in linked["details"]["changes"]
    street = unique_name() + "gatan"
    r = stack.request(
        "POST",
        "/api/address-blocks",
        role="supervisor",
        json={"kind": "street", "street": street, "city": "Malmö", "reason": "fraud"},
    )
    assert r.status_code == 201, r.text
    assert (
        stack.request("DELETE", f"/api/address-blocks/{r.json()['id']}", role="supervisor").status_code == 204
    )
    target = f"address block {r.json()['id']}"
    both = eventually(
        lambda: (
            len(found := [e for e in trail(stack, actor="supervisor") if street in str(e["details"])]) == 2
            and found
        )
    )
    assert [(e["action"], e["target"]) for e in both] == [
        ("address_block_deleted", target),
        ("address_block_created", target),
    ]
    assert {"field": "street", "old": street, "new": None} in both[0]["details"]["changes"]


def test_a_customers_own_change_in_the_portal_is_an_act_of_their_login(stack, eventually):
    customer, address, secret = portal_customer(stack)
    r = stack.request("POST", "/api/auth/token", role=None, json={"username": address, "password": secret})
    token = r.json()["access_token"]
    r = stack.request(
        "PATCH",
        "/api/my/profile",
        role=None,
        headers={"Authorization": f"Bearer {token}"},
        json={"phone": "070-987 65 43"},
    )
    assert r.status_code == 200, r.text
    [entry] = acts(stack, eventually, "customer_updated", customer_id=customer["id"])
    # named by their customer number: their login is their e-mail address, and the actor
    # is the one value of an entry that an erasure cannot blank
    assert (entry["actor"], entry["actor_role"]) == (f"customer-{customer['id']}", "customer")
    assert entry["details"]["changes"] == [{"field": "phones", "old": [], "new": ["+46709876543"]}]


def test_a_portal_customers_erasure_leaves_their_address_nowhere_in_the_trail(stack, eventually):
    customer, address, secret = portal_customer(stack)
    wrong = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": address, "password": "x" * 12}
    )
    assert wrong.status_code == 401
    r = stack.request("POST", "/api/auth/token", role=None, json={"username": address, "password": secret})
    mine = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = stack.request("PATCH", "/api/my/profile", role=None, headers=mine, json={"phone": "070-987 65 44"})
    assert r.status_code == 200, r.text
    assert stack.request("POST", "/api/auth/logout", role=None, headers=mine).status_code == 204
    assert acts(stack, eventually, "customer_updated", customer_id=customer["id"])

    r = stack.request(
        "POST",
        f"/api/customers/{customer['id']}/erase",
        role="admin",
        json={"confirm": True, "reason": "Art. 17 request"},
    )
    assert r.status_code == 200, r.text

    def blanked():
        # The gateway blanks the trail when the customer_erased event reaches it, and
        # records the erasure in the same transaction.
        entries = trail(stack, customer_id=customer["id"])
        return entries if any(e["action"] == "customer_erased" for e in entries) else None

    entries = eventually(blanked)
    assert entries, "the erasure never reached the audit trail"
    assert {"login_failed", "login_succeeded", "logout", "customer_updated"} <= {e["action"] for e in entries}
    assert all(address not in str(e) for e in entries), [e for e in entries if address in str(e)]
    assert trail(stack, actor=address) == []


def test_a_national_id_seen_whole_is_an_act_and_a_masked_one_is_not(stack):
    pnr = personnummer()
    made = new_person(stack, national_id=pnr)
    path = f"/api/customers/{made['id']}"
    assert stack.request("GET", path, role="agent").json()["national_id"] == pnr[:7] + "****"
    assert trail(stack, customer_id=made["id"], action="national_id_viewed") == []
    assert stack.request("GET", path, role="supervisor").json()["national_id"] == pnr
    assert stack.request("GET", path + "/overview", role="admin").status_code == 200
    found = stack.request("GET", "/api/customers", role="supervisor", params={"q": made["family_name"]})
    assert [c["id"] for c in found.json()] == [made["id"]]
    seen = trail(stack, customer_id=made["id"], action="national_id_viewed")
    assert [(e["actor"], e["target"]) for e in seen] == [
        ("supervisor", "GET /api/customers"),
        ("admin", f"GET {path}/overview"),
        ("supervisor", f"GET {path}"),
    ]
    assert pnr[-4:] not in str(seen)


def test_a_csv_export_is_an_act_with_what_and_how_many_rows(stack):
    args = {"from": "2020-01", "to": "2020-02"}
    r = stack.request("GET", "/api/statistics/sales-by-seller", role="supervisor", params=args)
    assert r.headers["Content-Type"].startswith("application/json")
    r = stack.request(
        "GET", "/api/statistics/sales-by-seller", role="supervisor", params={**args, "format": "csv"}
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = len(r.text.splitlines()) - 1
    [latest] = trail(stack, actor="supervisor", action="exported", limit=1)
    assert latest["target"] == "GET /api/statistics/sales-by-seller"
    assert latest["details"] == {"what": "sales-by-seller", "rows": rows, "format": "text/csv"}


def test_template_and_event_rule_changes_are_acts_with_old_and_new(stack, eventually):
    t = uuid.uuid4().hex[:8]
    path = f"/api/templates/bye_{t}/sv/sms"
    assert stack.request("PUT", path, role="admin", json={"text": "Hej då"}).status_code == 200
    assert stack.request("PUT", path, role="admin", json={"text": "Adjö"}).status_code == 200
    target = f"template bye_{t}/sv/sms"
    mine = lambda: [e for e in trail(stack, action="template_changed") if e["target"] == target]  # noqa: E731
    assert eventually(lambda: len(mine()) == 2)
    assert stack.request("DELETE", path, role="admin").status_code == 204
    gone, changed, made = eventually(lambda: len(found := mine()) == 3 and found)
    assert [e["details"]["operation"] for e in (gone, changed, made)] == ["deleted", "updated", "created"]
    assert {"field": "text", "old": "Hej då", "new": "Adjö"} in changed["details"]["changes"]
    assert {"field": "text", "old": "Adjö", "new": None} in gone["details"]["changes"]
    assert (gone["actor"], gone["source"]) == ("admin", "messaging")

    rules = "/api/event-rules/membership_ended"
    was = [
        {"template": r["template"], "channel": r["channel"]}
        for r in stack.request("GET", "/api/event-rules", role="admin").json()
        if r["event_type"] == "membership_ended"
    ]
    r = stack.request("PUT", path, role="admin", json={"text": "Tack"})
    r = stack.request(
        "PUT", rules, role="admin", json={"rules": [{"template": f"bye_{t}", "channel": "sms"}]}
    )
    assert r.status_code == 200, r.text
    try:
        found = lambda: [  # noqa: E731
            e
            for e in trail(stack, action="template_changed")
            if e["target"] == "event rules membership_ended" and f"bye_{t} on sms" in str(e["details"])
        ]
        [entry] = eventually(found)
        assert entry["details"]["changes"][0]["new"] == [f"bye_{t} on sms"]
    finally:
        stack.request("PUT", rules, role="admin", json={"rules": was})


def test_an_admin_sees_an_agents_change_in_the_desks_audit_trail(stack, open_page, eventually):
    made = new_person(stack)
    r = stack.request("PATCH", f"/api/customers/{made['id']}", json={"job_title": "Skeppare"})
    assert r.status_code == 200, r.text
    assert acts(stack, eventually, "customer_updated", customer_id=made["id"])
    page = open_page(f"/desk#/customer/{made['id']}")
    log_in(page, "admin", "admin-demo-pass")
    page.click("text=Audit trail of this customer")
    row = page.locator("[data-table=audit] tbody tr", has_text="customer_updated")
    expect(row).to_contain_text("agent")
    expect(row.locator("[data-change=job_title]")).to_contain_text("job_title: – → Skeppare")
    # the whole trail, then only the agent's acts, a page at a time
    page.fill("input[name=customer_id]", "")
    page.fill("input[name=actor]", "agent")
    page.click("form >> text=Filter")
    expect(page.locator("h1")).to_have_text("Audit trail")
    expect(page.locator("[data-table=audit] tbody tr").first).to_contain_text("agent")
    assert "admin" not in page.locator("[data-table=audit] tbody").inner_text()
    while page.locator("text=More").count() == 1 and page.locator("[data-table=audit] tbody tr").count() < 60:
        page.click("text=More")
        page.wait_for_timeout(200)
    expect(page.locator("[data-table=audit] tbody tr", has_text=f"{made['id']}").first).to_be_visible()


def test_an_agent_has_no_audit_trail_in_the_desk(stack, open_page):
    made = new_person(stack)
    page = open_page(f"/desk#/customer/{made['id']}")
    log_in(page)
    page.wait_for_selector(f"[data-customer='{made['id']}']")
    assert page.locator("[data-audit-link]").count() == 0
    assert page.locator("nav >> text=Audit trail").count() == 0


def test_a_selections_members_exported_as_csv_are_an_act(stack):
    title = f"revisor{uuid.uuid4().hex[:8]}"
    for _ in range(2):
        new_person(stack, job_title=title)
    body = {"name": f"audit {title}", "criteria": {"job_title": title}}
    selection = stack.request("POST", "/api/selections", json=body).json()
    path = f"/api/selections/{selection['id']}/customers"
    assert len(stack.request("GET", path).json()) == 2
    r = stack.request("GET", path, params={"format": "csv"})
    assert r.status_code == 200 and len(r.text.splitlines()) == 3
    [latest] = trail(stack, actor="agent", action="exported", limit=1)
    assert latest["target"] == f"GET {path}"
    assert latest["details"] == {"what": f"selection-{selection['id']}", "rows": 2, "format": "text/csv"}


def test_a_registration_or_a_new_customer_is_created_by_who_sent_it(stack, eventually):
    body = {"kind": "person", "given_name": "Edit", "family_name": unique_name(), "country": "SE"}
    r = stack.request("POST", "/api/registrations", json={"customer": body, "source": "self_registration"})
    assert r.status_code == 201 and r.json()["status"] == "created", r.text
    [created] = acts(stack, eventually, "customer_created", customer_id=r.json()["customer_id"])
    assert (created["actor"], created["actor_role"]) == ("agent", "agent")
    assert {"field": "family_name", "old": None, "new": body["family_name"]} in created["details"]["changes"]
    made = new_person(stack)
    [created] = acts(stack, eventually, "customer_created", customer_id=made["id"])
    assert created["actor"] == "agent"

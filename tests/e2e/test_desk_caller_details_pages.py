"""Changing the caller's details on the desk's 360° view in a real browser: the address
moves (the old one kept), phones and e-mails come and go, name, tier, language and
newsletter change, each change shows who made it; bad details are refused by field; a
change that makes the customer look like another shows the look-alikes first; an
organisation's people are linked and let go, and its holding shows."""

import uuid

from playwright.sync_api import expect

from tests.e2e.customer_helpers import unique_name
from tests.e2e.desk_helpers import log_in, mobile, person


def organisation(stack, name, **extra):
    r = stack.request("POST", "/api/customers", json={"kind": "organisation", "name": name, **extra})
    assert r.status_code == 201, r.text
    return r.json()


def open_customer(open_page, customer_id):
    page = open_page(f"/desk#/customer/{customer_id}")
    log_in(page)
    page.wait_for_selector(f"[data-view=customer][data-customer='{customer_id}']")
    return page


def test_an_agent_changes_the_callers_details_and_the_page_says_who(stack, open_page, screenshot):
    old_mail = f"{uuid.uuid4().hex[:10]}@example.se"
    new_mail = f"{uuid.uuid4().hex[:10]}@example.se"
    number, extra_number, family = mobile(), mobile(), unique_name()
    made = person(
        stack,
        phones=[{"number": number, "label": "mobile"}],
        emails=[{"address": old_mail, "label": "home"}],
        addresses=[{"street": "Storgatan 7", "postal_code": "411 38", "city": "Göteborg"}],
    )
    page = open_customer(open_page, made["id"])
    page.click("text=Change details")
    form = page.locator("[data-edit-form]")
    form.locator("input[name=family_name]").fill(family)
    form.locator("select[name=tier]").select_option("major")
    form.locator("input[name=language]").fill("sv")
    form.locator("input[name=newsletter]").check()
    form.locator("text=Add phone").click()
    form.locator("input[name=phone-1]").fill(extra_number)
    form.locator(f"text=Remove {old_mail}").click()
    form.locator("text=Add e-mail").click()
    form.locator("input[name=email-0]").fill(new_mail)
    form.locator("input[name=street]").fill("Vasagatan 3")
    screenshot(page, "desk-customer-edit-form")
    form.locator("text=Save changes").click()
    page.wait_for_selector("[data-saved-details]")
    expect(page.locator("h1")).to_have_text(f"Maja {family}")
    card = page.locator("[data-view=customer] .card").first
    expect(card).to_contain_text(extra_number)
    expect(card).to_contain_text(new_mail)
    expect(card).not_to_contain_text(old_mail)
    expect(card).to_contain_text("Vasagatan 3, 411 38")
    page.click("text=Earlier addresses")
    expect(card.locator("details")).to_contain_text("Storgatan 7, 411 38")
    moved = page.locator("[data-changes] [data-change=customer_updated]").first
    expect(moved).to_contain_text("Address moved")
    expect(moved).to_contain_text("by agent")
    expect(moved).to_contain_text("Tier: standard → major")
    expect(moved).to_contain_text("Family name: ")  # named as the form names it, not just "Name"
    expect(moved).to_contain_text(f"→ {family}")
    stored = stack.request("GET", f"/api/customers/{made['id']}").json()
    assert (stored["tier"], stored["language"], stored["newsletter"]) == ("major", "sv", True)
    assert [e["address"] for e in stored["emails"]] == [new_mail]
    assert len(stored["phones"]) == 2 and len(stored["address_history"]) == 1


def test_bad_details_are_named_by_field_and_look_alikes_come_before_saving(stack, open_page):
    number, family = mobile(), unique_name()
    other = person(stack, given_name="Katarina", family_name=family, phones=[{"number": number}])
    made = person(stack, phones=[{"number": mobile()}])
    page = open_customer(open_page, made["id"])
    page.click("text=Change details")
    form = page.locator("[data-edit-form]")
    form.locator("input[name=phone-0]").fill("call me maybe")
    form.locator("text=Add e-mail").click()
    form.locator("input[name=email-0]").fill("maja.at.example.se")
    form.locator("input[name=street]").fill("Storgatan 1")
    form.locator("input[name=postal_code]").fill("999 99")
    form.locator("input[name=city]").fill("Göteborg")
    form.locator("input[name=country]").click()  # leave the town: the address is checked
    expect(form.locator("label", has_text="Postal code")).to_contain_text("999 99 is not a postal code in SE")
    form.locator("text=Save changes").click()
    expect(form.locator("label", has_text="E-mail").first.locator(".field-error")).to_contain_text("email")
    form.locator("input[name=email-0]").fill("maja@example.se")
    form.locator("text=Save changes").click()
    expect(form.locator("label", has_text="Number").locator(".field-error")).to_have_text(
        "not a phone number in SE"
    )
    stored = stack.request("GET", f"/api/customers/{made['id']}").json()
    assert stored["emails"] == [] and stored["addresses"] == [] and stored["phones"] == made["phones"]
    # Now with the name and number of a customer we have: the look-alikes come first.
    form.locator("input[name=given_name]").fill("Katarina")
    form.locator("input[name=family_name]").fill(family)
    form.locator("input[name=phone-0]").fill(number)
    form.locator("input[name=postal_code]").fill("411 38")
    form.locator("text=Save changes").click()
    expect(form.locator("[data-duplicates] [role=alert]")).to_contain_text("looks like one we already have")
    expect(form.locator("[data-table=duplicates]")).to_contain_text(other["name"])
    assert stack.request("GET", f"/api/customers/{made['id']}").json()["name"] == made["name"]
    form.locator("text=They are different: save anyway").click()
    page.wait_for_selector("[data-saved-details]")
    expect(page.locator("h1")).to_have_text(f"Katarina {family}")


def test_an_organisations_people_come_and_go_and_its_holding_shows(stack, open_page, screenshot):
    tag = unique_name()
    parent = organisation(stack, f"Koncern {tag} AB")
    company = organisation(stack, f"Verkstad {tag} AB", parent_id=parent["id"])
    daughter = organisation(stack, f"Dotter {tag} AB", parent_id=company["id"])
    leaving, joining = person(stack, given_name="Olle"), person(stack, given_name="Stina")
    r = stack.request(
        "POST",
        f"/api/customers/{company['id']}/employments",
        json={"person_id": leaving["id"], "job_title": "Montör", "started_on": "2020-01-01"},
    )
    assert r.status_code == 201, r.text
    elsewhere = f"/api/customers/{parent['id']}/employments/{r.json()['id']}/end"
    assert stack.request("POST", elsewhere, json={"ended_on": "2026-11-30"}).status_code == 404
    page = open_customer(open_page, company["id"])
    holding = page.locator("[data-holding]")
    expect(holding.locator("[data-parent]")).to_have_text(parent["name"])
    expect(holding.locator("[data-subsidiaries]")).to_have_text(daughter["name"])
    links = page.locator("[data-add-link]")
    links.locator("input[name=link-q]").fill(joining["name"])
    links.locator("input[name=link-title]").fill("Inköpare")
    links.locator("text=Find").click()
    links.locator(f"text=Link {joining['name']}").click()
    people = page.locator("[data-table=people]")
    expect(people.locator("tr", has_text=joining["name"])).to_contain_text("Inköpare")
    page.click(f"[data-end='{r.json()['id']}']")
    page.fill("[data-end-form] input[name=ended_on]", "2026-11-30")
    page.click("text=End employment")
    expect(people.locator("tr", has_text=leaving["name"])).to_contain_text("2026-11-30")
    ended = page.locator("[data-changes] [data-change=employment_ended]")
    expect(ended).to_contain_text(f"Employment with customer {leaving['id']} ended by agent")
    screenshot(page, "desk-organisation-people-and-holding")
    # the person's side: the organisation is added from the person's page
    page.goto(stack.url(f"/desk#/customer/{leaving['id']}"))
    page.wait_for_selector(f"[data-view=customer][data-customer='{leaving['id']}']")
    expect(page.locator("[data-table=people]")).to_contain_text("2026-11-30")
    links = page.locator("[data-add-link]")
    links.locator("input[name=link-q]").fill(daughter["name"])
    links.locator("text=Find").click()
    links.locator(f"text=Link {daughter['name']}").click()
    expect(page.locator("[data-table=people] tr", has_text=daughter["name"])).to_be_visible()
    expect(page.locator("[data-changes] [data-change=contact_person_linked]").first).to_contain_text(
        f"Linked to customer {daughter['id']} by agent"
    )

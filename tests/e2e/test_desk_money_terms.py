"""The desk's money controls (O4, O6): a supervisor sets a customer's credit limit and
discount and makes offers from the 360° view; an agent sees the terms, no form, and who
can change them."""

from tests.e2e.desk_helpers import log_in, person


def open_customer(page, customer_id, tab):
    page.evaluate(f"location.hash = '#/customer/{customer_id}'")
    page.wait_for_selector(f"[data-customer='{customer_id}']")
    page.click(f"[role=tab]:has-text('{tab}')")
    page.wait_for_selector(f"[data-tab={tab.lower()}]")


def test_an_agent_sees_the_terms_and_who_may_change_them(stack, open_page):
    customer = person(stack)
    page = open_page("/desk")
    log_in(page)
    open_customer(page, customer["id"], "Credit")
    assert "Only a supervisor can change the credit limit" in page.inner_text("[data-terms-locked]")
    assert page.query_selector("input[name=credit_limit]") is None
    page.click("[role=tab]:has-text('Offers')")
    assert "Only a supervisor can make an offer" in page.inner_text("[data-offers-locked]")
    assert page.query_selector("[data-make-offer]") is None


def test_a_supervisor_sets_the_terms_and_makes_an_offer_within_the_ceiling(stack, open_page):
    customer = person(stack)
    page = open_page("/desk")
    log_in(page, "supervisor", "supervisor-demo-pass")
    open_customer(page, customer["id"], "Credit")
    page.fill("input[name=credit_limit]", "7500")
    page.fill("input[name=discount_percent]", "3")
    page.click("text=Save terms")
    page.wait_for_selector("[data-terms] >> text=Saved.")
    assert stack.request("GET", f"/api/customers/{customer['id']}/credit").json()["credit_limit"] == "7500.00"
    assert stack.request("GET", f"/api/customers/{customer['id']}").json()["discount_percent"] == "3.00"

    page.click("[role=tab]:has-text('Offers')")
    page.click("text=Make an offer")
    page.fill("input[name=offer-description]", "Loyalty")
    page.fill("input[name=offer-value]", "60")
    page.fill("input[name=offer-until]", "2030-12-31")
    page.click("text=Make offer")
    assert "at most 50 %" in page.inner_text("[data-make-offer] .field-error")
    page.fill("input[name=offer-value]", "20")
    page.click("text=Make offer")
    page.wait_for_selector("table >> text=Loyalty")
    offers = stack.request("GET", f"/api/customers/{customer['id']}/offers").json()
    assert [(o["description"], o["value"]) for o in offers] == [("Loyalty", "20.00")]

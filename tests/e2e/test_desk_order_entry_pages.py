"""Order entry's terms on the agent's desk in a real browser: the delivery method with its
price, where it goes (the customer's address or another), how it is paid, and the stock as
it is now."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in, person


def product(stack, sku, name, stock_on_hand):
    body = {"sku": sku, "name": name, "price": "120.00", "stock_on_hand": stock_on_hand}
    r = stack.request("POST", "/api/products", role="admin", json=body)
    assert r.status_code == 201, r.text


def in_stock(page, sku):
    """The stock figure the product list shows."""
    text = page.locator(f"select[name=sku] option[value={sku}]").inner_text()
    return int(re.search(r"\((-?\d+) in stock", text).group(1))


def test_an_order_with_its_delivery_address_and_payment_and_the_stock_after_it(stack, open_page, screenshot):
    t = uuid.uuid4().hex[:6]
    code = f"parcel-{t}"
    method = {"code": code, "name": f"Parcel {t}", "price": "59.00"}
    r = stack.request("POST", "/api/delivery-methods", role="admin", json=method)
    assert r.status_code == 201, r.text
    product(stack, f"POT-{t}", f"Pot {t}", 5)
    customer = person(
        stack,
        addresses=[
            {"kind": "postal", "street": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm"},
            {"kind": "delivery", "street": "Lagergatan 9", "postal_code": "211 33", "city": "Malmö"},
        ],
    )
    page = open_page(f"/desk#/order/{customer['id']}")
    log_in(page)
    page.wait_for_selector(f"select[name=sku] option[value=POT-{t}]", state="attached")
    assert in_stock(page, f"POT-{t}") == 5
    expect(page.locator("select[name=delivery_method]")).to_contain_text(f"Parcel {t} (59,00)")
    expect(page.locator("select[name=address]")).to_contain_text("Lagergatan 9, 211 33 Malmö")
    expect(page.locator("select[name=payment_method]")).to_contain_text("Invoice (credit left")

    page.select_option("select[name=sku]", f"POT-{t}")
    page.fill("input[name=quantity]", "7")
    page.click("text=Add")
    expect(page.locator("[data-over-stock]")).to_contain_text(f"Only 5 of Pot {t} in stock: 2 will wait")
    page.click("[data-table=order-lines] >> text=Remove")
    page.fill("input[name=quantity]", "2")
    page.click("text=Add")
    expect(page.locator("[data-preview]")).to_contain_text("ships now")
    expect(page.locator("[data-over-stock]")).to_have_count(0)

    page.select_option("select[name=delivery_method]", code)
    expect(page.locator("[data-preview]")).to_contain_text("delivery 59,00")
    page.select_option("select[name=payment_method]", "cash_on_delivery")
    expect(page.locator("[data-preview]")).to_contain_text("paid by cash on delivery")
    page.select_option("select[name=address]", "other")
    page.fill("input[name=street]", "Sommarvägen 3")
    page.fill("input[name=postal_code]", "762 91")
    page.fill("input[name=city]", "Rimbo")
    screenshot(page, "desk-order-entry-terms")
    page.click("text=Place order")
    expect(page.locator("[data-placed]")).to_contain_text(
        f"Parcel {t} to Sommarvägen 3, 762 91 Rimbo, paid by cash on delivery"
    )
    expect(page.locator(f"select[name=sku] option[value=POT-{t}]")).to_contain_text("(3 in stock")

    page.click("text=Back to the customer")
    orders = page.locator("[data-table=orders]")
    expect(orders).to_contain_text(f"2 × Pot {t}")
    row = orders.locator("tbody tr").first
    expect(row).to_contain_text(f"{code} to Sommarvägen 3, 762 91 Rimbo")
    expect(row).to_contain_text("cash on delivery")


def test_the_form_opens_with_the_stock_as_it_is_now(stack, open_page):
    """An order placed elsewhere while the form was closed shows in the figure it opens with."""
    t = uuid.uuid4().hex[:6]
    product(stack, f"JUG-{t}", f"Jug {t}", 4)
    customer = person(stack)
    page = open_page(f"/desk#/order/{customer['id']}")
    log_in(page)
    page.wait_for_selector(f"select[name=sku] option[value=JUG-{t}]", state="attached")
    assert in_stock(page, f"JUG-{t}") == 4
    page.click("text=Search")
    lines = [{"sku": f"JUG-{t}", "quantity": 3}]
    r = stack.request("POST", "/api/orders", json={"customer_id": customer["id"], "lines": lines})
    assert r.status_code == 201, r.text
    page.evaluate(f"location.hash = '#/order/{customer['id']}'")
    expect(page.locator(f"select[name=sku] option[value=JUG-{t}]")).to_contain_text("(1 in stock")

"""Order entry on the agent's desk in a real browser: stock answers, an alternative in
stock, and what others bought with it."""

import uuid

from tests.e2e.desk_helpers import log_in, person


def test_an_order_with_stock_answers_and_an_alternative(stack, open_page, screenshot):
    t = uuid.uuid4().hex[:6].upper()
    admin = lambda body: stack.request("POST", "/api/products", role="admin", json=body)  # noqa: E731
    assert (
        admin({"sku": f"ALT-{t}", "name": f"Rake {t}", "price": "150.00", "stock_on_hand": 9}).status_code
        == 201
    )
    r = admin(
        {
            "sku": f"FEW-{t}",
            "name": f"Shovel {t}",
            "price": "250.00",
            "stock_on_hand": 1,
            "alternatives": [f"ALT-{t}"],
        }
    )
    assert r.status_code == 201, r.text
    assert (
        admin({"sku": f"BAG-{t}", "name": f"Leaf bag {t}", "price": "40.00", "stock_on_hand": 50}).status_code
        == 201
    )
    earlier = person(stack)  # bought the rake with leaf bags before
    lines = [{"sku": f"ALT-{t}", "quantity": 1}, {"sku": f"BAG-{t}", "quantity": 2}]
    assert (
        stack.request("POST", "/api/orders", json={"customer_id": earlier["id"], "lines": lines}).status_code
        == 201
    )
    customer = person(stack)
    page = open_page(f"/desk#/order/{customer['id']}")
    log_in(page)
    page.wait_for_selector(f"select[name=sku] option[value=FEW-{t}]", state="attached")
    page.select_option("select[name=sku]", f"FEW-{t}")
    page.fill("input[name=quantity]", "3")
    page.click("text=Add")
    preview = page.wait_for_selector("[data-preview]")
    assert "not in stock" in preview.inner_text() or "from" in preview.inner_text()
    assert f"Rake {t}" in page.inner_text("[data-alternatives]")
    screenshot(page, "desk-order-entry")
    page.click(f"[data-alternatives] >> text=Rake {t}")  # take the one in stock instead
    page.wait_for_selector("[data-preview] >> text=ships now")
    page.click(f"[data-suggestions] >> text=Leaf bag {t}")  # what others bought with the rake
    page.wait_for_selector(f"[data-table=order-lines] >> text=Leaf bag {t}")
    page.click("text=Place order")
    placed = page.wait_for_selector("[data-placed]").inner_text()
    assert "placed" in placed
    orders = stack.request("GET", f"/api/customers/{customer['id']}/orders").json()
    assert sorted((line["sku"], line["quantity"]) for line in orders[0]["lines"]) == [
        (f"ALT-{t}", 3),
        (f"BAG-{t}", 1),
    ]

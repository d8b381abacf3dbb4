"""Knowledge for the agent on a case (K6–K8, K11): the FAQ, similar solved cases, reply
templates and the guidance on the customer."""

import uuid

from tests.e2e.case_helpers import tag
from tests.e2e.customer_helpers import unique_name


def test_faq_similar_cases_reply_templates_and_guidance(stack):
    t = tag()
    customer = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Maja",
            "family_name": unique_name(),
            "tier": "major",
            "language": "sv",
            "emails": [{"address": f"maja.{t}@example.se"}],
        },
    ).json()["id"]
    word = f"värmepump{uuid.uuid4().int % 10**8:08d}"  # digits: no stemmer trims them
    r = stack.request(
        "POST",
        "/api/faq",
        json={
            "question": f"Min {word} piper",
            "answer": "Rengör filtret och starta om.",
            "language": "sv",
            "product": "värmepump",
            "problem": "ljud",
        },
    )
    assert r.status_code == 201, r.text
    faq = r.json()
    found = stack.request("GET", f"/api/faq?q={word}en+piper&language=sv").json()
    assert [f["id"] for f in found] == [faq["id"]] and found[0]["score"] > 0
    assert stack.request("GET", f"/api/faq?q={word}&language=en").json() == []

    old = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": customer, "subject": f"{word} låter", "description": "Högt pip"},
    ).json()
    stack.request(
        "POST", f"/api/cases/{old['id']}/replies", json={"body": "Byt fläktlagret.", "then": "solved"}
    )
    new = stack.request(
        "POST",
        "/api/cases",
        json={"customer_id": customer, "subject": f"Pip från {word}n", "description": "Hjälp"},
    ).json()
    similar = stack.request("GET", f"/api/cases/{new['id']}/similar").json()
    assert [(c["number"], c["solution"]) for c in similar["cases"]] == [(old["number"], "Byt fläktlagret.")]
    assert [f["id"] for f in similar["faq"]] == [faq["id"]]

    r = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={
            "name": f"standard {t}",
            "language": "sv",
            "body": "Hej {{ customer.given_name }},\n\n{{ text }}\n\nÄrende {{ case.number }}\n{{ agent }}",
        },
    )
    assert r.status_code == 201, r.text
    template = r.json()["id"]
    bad = stack.request(
        "POST",
        "/api/reply-templates",
        role="supervisor",
        json={"name": f"broken {t}", "body": "Hej {{ customer.name "},
    )
    assert bad.status_code == 400 and "body" in bad.json()["fields"], bad.text
    r = stack.request(
        "POST",
        f"/api/cases/{new['id']}/replies/preview",
        json={"template_id": template, "text": "Rengör filtret."},
    )
    assert r.status_code == 200, r.text
    preview = r.json()["body"]
    assert preview == f"Hej Maja,\n\nRengör filtret.\n\nÄrende {new['number']}\nagent"
    sent = stack.request(
        "POST", f"/api/cases/{new['id']}/replies", json={"template_id": template, "body": "Rengör filtret."}
    ).json()
    assert sent["body"] == preview

    guidance = stack.request("GET", f"/api/cases/{new['id']}/guidance").json()
    assert guidance["customer"]["tier"] == "major" and guidance["customer"]["importance"] == "major customer"
    assert "available" in guidance["credit"] and "product_of_the_week" in guidance["offer_next"]

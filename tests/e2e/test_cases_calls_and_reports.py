"""Calls and reports (K9, K10): calls registered by type and counted per agency, and cases
reported per queue."""

from datetime import datetime, timezone

from tests.e2e.case_helpers import agent, rule, tag
from tests.e2e.customer_helpers import unique_name


def test_calls_are_registered_by_type_and_counted_per_agency_and_cases_reported(stack):
    t = tag()
    month = datetime.now(timezone.utc).strftime("%Y-%m")
    for name in (f"invoice question {t}", f"product inquiry {t}"):
        assert (
            stack.request("POST", "/api/call-types", role="supervisor", json={"name": name}).status_code
            == 201
        )
    for body in (
        {"call_type": f"invoice question {t}"},
        {"call_type": f"invoice question {t}", "agency": f"Agency {t}"},
        {"call_type": f"product inquiry {t}", "agency": f"Agency {t}", "order_id": 12},
    ):
        r = stack.request("POST", "/api/call-registrations", json=body)
        assert r.status_code == 201, r.text
    r = stack.request("POST", "/api/call-registrations", json={"call_type": "no such type"})
    assert r.status_code == 400 and r.json()["fields"] == {"call_type": "not a call type"}
    r = stack.request(
        "POST",
        "/api/call-registrations",
        json={"call_type": f"invoice question {t}", "call_id": 9_000_000 + int(t[:4], 16)},
    )
    assert r.status_code == 201
    again = stack.request(
        "POST",
        "/api/call-registrations",
        json={"call_type": f"invoice question {t}", "call_id": r.json()["call_id"]},
    )
    assert again.status_code == 409

    rows = stack.request(
        "GET", f"/api/reports/calls?from={month}&to={month}&by=agency", role="supervisor"
    ).json()
    mine = [r for r in rows if r["agency"] == f"Agency {t}"]
    assert sorted((r["call_type"], r["calls"], r["with_order"]) for r in mine) == [
        (f"invoice question {t}", 1, 0),
        (f"product inquiry {t}", 1, 1),
    ]
    csv_text = stack.request(
        "GET", f"/api/reports/calls?from={month}&to={month}&by=agency&format=csv", role="supervisor"
    ).text
    assert csv_text.splitlines()[0] == "month,call_type,agency,calls,with_order,with_case"
    assert f"{month},product inquiry {t},Agency {t},1,1,0" in csv_text.splitlines()

    queue = f"reports-{t}"
    agent(stack, f"rita-{t}", queue)
    rule(stack, f"reports {t}", queue, conditions={"keywords": [f"rapport{t}"]})
    customer = stack.request(
        "POST", "/api/customers", json={"kind": "person", "name": f"R {unique_name()}"}
    ).json()["id"]
    for n in range(3):
        case = stack.request(
            "POST", "/api/cases", json={"customer_id": customer, "subject": f"rapport{t} {n}"}
        ).json()
        if n < 2:
            stack.request(
                "POST", f"/api/cases/{case['id']}/replies", json={"body": "Klart.", "then": "solved"}
            )
    report = stack.request(
        "GET", f"/api/reports/cases?from={month}&to={month}&by=queue", role="supervisor"
    ).json()
    (row,) = [r for r in report if r["queue"] == queue]
    assert (row["opened"], row["solved"], row["open"]) == (3, 2, 1)
    assert row["avg_first_response_minutes"] is not None and row["avg_first_response_minutes"] < 1
    bad = stack.request("GET", f"/api/reports/cases?from={month}&to={month}&by=colour", role="supervisor")
    assert bad.status_code == 400 and "by" in bad.json()["fields"]
    assert (
        stack.request("GET", f"/api/reports/cases?from={month}&to={month}", role="agent").status_code == 403
    )

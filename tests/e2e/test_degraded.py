"""With services down, the 360° view still answers with what it has, and health says
which are down."""

import pytest

from tests.stack import Stack


@pytest.fixture(scope="module")
def partial():
    s = Stack(services=("customer",)).start()
    yield s
    s.stop()


def test_the_overview_marks_missing_services_unavailable(partial):
    cid = partial.request("POST", "/api/customers", json={"kind": "person", "name": "Fia Ny"}).json()["id"]
    r = partial.request("GET", f"/api/customers/{cid}/overview")
    assert r.status_code == 200
    view = r.json()
    assert view["customer"]["name"] == "Fia Ny" and view["notes"] == []
    after_sales = ("deliveries", "returns", "refunds", "invoices", "devices", "memberships")
    for section in ("orders", "credit", "offers", "cases", "calls", "messages", *after_sales):
        assert view[section] == "unavailable" and view["sections"][section] == "unavailable"
    assert view["sections"]["customer"] == "ok"


def test_health_is_503_and_names_the_services_that_are_down(partial):
    r = partial.request("GET", "/api/health", role=None)
    assert r.status_code == 503
    assert r.json()["services"] == {
        "customer": "up",
        "order": "down",
        "case": "down",
        "messaging": "down",
        "telephony": "down",
    }


def test_a_write_to_a_missing_service_is_503_not_500(partial):
    r = partial.request("POST", "/api/cases", json={"customer_id": 1, "subject": "x"})
    assert r.status_code == 503 and r.json()["error"] == "service_unavailable"


def test_an_export_with_services_down_is_503_never_a_partial_file(partial):
    cid = partial.request("POST", "/api/customers", json={"kind": "person", "name": "Fia Export"}).json()[
        "id"
    ]
    r = partial.request("GET", f"/api/customers/{cid}/export", role="supervisor")
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "service_unavailable" and "Content-Disposition" not in r.headers
    trail = partial.request(
        "GET", "/api/audit", role="admin", params={"customer_id": cid, "action": "customer_exported"}
    )
    assert trail.json()["items"] == []  # nothing left the building

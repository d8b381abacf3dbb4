"""Health, documentation and logging in, through the running gateway."""


def test_health_reports_every_service_without_login(stack):
    r = stack.request("GET", "/api/health", role=None)
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "services": {s: "up" for s in ("customer", "order", "case", "messaging", "telephony")},
    }


def test_the_openapi_document_and_the_docs_page_are_served_locally(stack):
    spec = stack.request("GET", "/api/openapi.json", role=None).json()
    assert spec["openapi"].startswith("3.") and "/api/customers/{customer_id}/overview" in spec["paths"]
    page = stack.request("GET", "/api/docs", role=None)
    assert page.status_code == 200 and "/api/docs/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.split("<body>")[1].replace("/api/", "")  # no CDN
    js = stack.request("GET", "/api/docs/swagger-ui-bundle.js", role=None)
    assert js.status_code == 200 and len(js.content) > 100_000
    assert stack.request("GET", "/api/docs/../../etc/passwd", role=None).status_code == 404


def test_login_gives_a_token_for_the_role(stack):
    r = stack.request(
        "POST",
        "/api/auth/token",
        role=None,
        json={"username": "supervisor", "password": "supervisor-demo-pass"},
    )
    assert r.status_code == 200 and r.json()["role"] == "supervisor"
    me = stack.request(
        "GET", "/api/me", role=None, headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.json() == {"username": "supervisor", "role": "supervisor", "customer_id": None}


def test_a_wrong_password_is_401_with_no_hint_which_part_was_wrong(stack):
    for body in ({"username": "agent", "password": "nope"}, {"username": "nobody", "password": "nope"}):
        r = stack.request("POST", "/api/auth/token", role=None, json=body)
        assert r.status_code == 401 and r.json()["message"] == "wrong username or password"


def test_without_a_token_nothing_but_health_and_docs_answers(stack):
    assert stack.request("GET", "/api/customers?q=a", role=None).status_code == 401
    assert stack.request("GET", "/api/telephony/calls/active", role=None).status_code == 401
    bad = stack.request("GET", "/api/customers?q=a", role=None, headers={"Authorization": "Bearer x.y"})
    assert bad.status_code == 401


def test_only_an_admin_creates_logins_and_products(stack):
    user = {"username": "new.agent", "password": "long-enough-pw", "role": "agent"}
    assert stack.request("POST", "/api/users", role="supervisor", json=user).status_code == 403
    r = stack.request("POST", "/api/users", role="admin", json=user)
    assert r.status_code == 201 and "password" not in r.json()
    assert stack.request("POST", "/api/users", role="admin", json=user).status_code == 409
    product = {"sku": "ROLE-1", "name": "x", "price": "1.00"}
    assert stack.request("POST", "/api/products", role="agent", json=product).status_code == 403

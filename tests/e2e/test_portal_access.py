"""The portal is reached through the customer's e-mail addresses: an address staff take
off the customer (mistyped, or someone else's) takes its portal access with it."""

import uuid

from tests.e2e.customer_helpers import unique_name


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_address_taken_off_the_customer_no_longer_reaches_their_portal(stack):
    t = uuid.uuid4().hex[:8]
    mistyped, right = f"stranger.{t}@example.se", f"ylva.{t}@example.se"
    r = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Ylva",
            "family_name": unique_name(),
            "emails": [{"address": mistyped}],
        },
    )
    assert r.status_code == 201, r.text
    customer = r.json()
    # Whoever reads the mistyped address got a login link and set a password with it.
    secret = f"stranger-{t}-pass"
    login = {"username": mistyped, "password": secret, "role": "customer", "customer_id": customer["id"]}
    assert stack.request("POST", "/api/users", role="admin", json=login).status_code == 201
    token = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": mistyped, "password": secret}
    )
    stranger = bearer(token.json()["access_token"])
    assert stack.request("GET", "/api/my/profile", role=None, headers=stranger).status_code == 200

    r = stack.request("PATCH", f"/api/customers/{customer['id']}", json={"emails": [{"address": right}]})
    assert r.status_code == 200, r.text

    assert stack.request("GET", "/api/my/profile", role=None, headers=stranger).status_code == 401
    again = stack.request(
        "POST", "/api/auth/token", role=None, json={"username": mistyped, "password": secret}
    )
    assert again.status_code == 401
    trail = stack.request(
        "GET",
        "/api/audit",
        role="admin",
        params={"customer_id": customer["id"], "action": "portal_access_ended"},
    ).json()["items"]
    assert [(e["actor"], e["details"]["login_deleted"]) for e in trail] == [("agent", True)]


def test_a_login_named_by_an_address_the_customer_no_longer_has_is_refused(stack):
    """However the address went (another path than the desk's change, a direct RPC)."""
    t = uuid.uuid4().hex[:8]
    address = f"gone.{t}@example.se"
    r = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Gun",
            "family_name": unique_name(),
            "emails": [{"address": f"g.{t}@example.se"}],
        },
    )
    customer = r.json()
    secret = f"gone-{t}-pass"
    login = {"username": address, "password": secret, "role": "customer", "customer_id": customer["id"]}
    assert stack.request("POST", "/api/users", role="admin", json=login).status_code == 201
    r = stack.request("POST", "/api/auth/token", role=None, json={"username": address, "password": secret})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"

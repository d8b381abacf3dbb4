"""Staff accounts and logins through the running gateway: an admin disables, enables,
changes roles and sets passwords; a user changes their own; logout; every token of a
disabled account, or ended by a password change, stops working at once; the throttle on
guessing; tokens and keys of any characters; headers that keep answers out of caches."""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def new_user(stack, role="agent", password="first-password-1", **extra):
    username = f"u{uuid.uuid4().hex[:10]}"
    r = stack.request(
        "POST",
        "/api/users",
        role="admin",
        json={"username": username, "password": password, "role": role, **extra},
    )
    assert r.status_code == 201, r.text
    return r.json()


def log_in(stack, username, password="first-password-1"):
    return stack.request(
        "POST", "/api/auth/token", role=None, json={"username": username, "password": password}
    )


def as_token(token):
    return {"Authorization": f"Bearer {token}"}


def me(stack, token):
    return stack.request("GET", "/api/me", role=None, headers=as_token(token))


def trail(stack, **query):
    r = stack.request("GET", "/api/audit", role="admin", params={"limit": 500, **query})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_a_disabled_account_cannot_log_in_and_its_tokens_stop_at_once(stack):
    user = new_user(stack)
    token = log_in(stack, user["username"]).json()["access_token"]
    assert me(stack, token).status_code == 200
    r = stack.request("PATCH", f"/api/users/{user['id']}", role="admin", json={"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert me(stack, token).status_code == 401  # the very next request
    refused = log_in(stack, user["username"])
    assert refused.status_code == 401 and refused.json()["message"] == "wrong username or password"
    r = stack.request("PATCH", f"/api/users/{user['id']}", role="admin", json={"disabled": False})
    assert r.json()["disabled"] is False
    assert log_in(stack, user["username"]).status_code == 200
    acts = [e["action"] for e in trail(stack, actor="admin") if e["target"] == f"user:{user['id']}"]
    assert {"user_created", "user_disabled", "user_enabled"} <= set(acts)
    failed = [e for e in trail(stack, action="login_failed") if e["actor"] == user["username"]]
    assert failed[0]["details"] == {"reason": "disabled"} and failed[0]["address"] == "127.0.0.1"


def test_only_an_admin_manages_accounts(stack):
    user = new_user(stack)
    assert stack.request("GET", "/api/users", role="supervisor").status_code == 403
    assert (
        stack.request(
            "PATCH", f"/api/users/{user['id']}", role="supervisor", json={"disabled": True}
        ).status_code
        == 403
    )
    r = stack.request(
        "POST", f"/api/users/{user['id']}/password", role="supervisor", json={"password": "x" * 12}
    )
    assert r.status_code == 403
    assert (
        stack.request("PATCH", "/api/users/999999", role="admin", json={"disabled": True}).status_code == 404
    )
    r = stack.request("PATCH", f"/api/users/{user['id']}", role="admin", json={"role": "pbx"})
    assert r.status_code == 400 and "role" in r.json()["fields"]


def test_the_list_of_logins_comes_a_page_at_a_time(stack):
    for _ in range(3):
        new_user(stack)
    first = stack.request("GET", "/api/users?limit=2", role="admin").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = stack.request("GET", f"/api/users?limit=2&cursor={first['next_cursor']}", role="admin").json()
    assert {u["id"] for u in first["items"]}.isdisjoint({u["id"] for u in second["items"]})
    assert all("password_hash" not in u and "password" not in u for u in first["items"])
    assert stack.request("GET", "/api/users?cursor=nonsense", role="admin").status_code == 400


def test_a_role_change_applies_to_the_token_already_out(stack):
    user = new_user(stack)
    token = log_in(stack, user["username"]).json()["access_token"]
    statistics = "/api/statistics/sales-by-product"
    assert stack.request("GET", statistics, role=None, headers=as_token(token)).status_code == 403
    r = stack.request(
        "PATCH", f"/api/users/{user['id']}", role="admin", json={"role": "supervisor", "extension": "299"}
    )
    assert r.status_code == 200 and r.json()["role"] == "supervisor" and r.json()["extension"] == "299"
    assert me(stack, token).json()["role"] == "supervisor"
    changed = [e for e in trail(stack, action="user_changed") if e["target"] == f"user:{user['id']}"]
    assert changed[0]["details"]["changes"] == [
        {"field": "role", "old": "agent", "new": "supervisor"},
        {"field": "extension", "old": None, "new": "299"},
    ]


def test_an_admin_sets_a_password_and_every_login_of_the_account_ends(stack):
    user = new_user(stack)
    tokens = [log_in(stack, user["username"]).json()["access_token"] for _ in range(2)]
    r = stack.request(
        "POST", f"/api/users/{user['id']}/password", role="admin", json={"password": "set-by-admin-1"}
    )
    assert r.status_code == 204
    assert [me(stack, t).status_code for t in tokens] == [401, 401]
    assert log_in(stack, user["username"]).status_code == 401
    assert log_in(stack, user["username"], "set-by-admin-1").status_code == 200
    short = stack.request(
        "POST", f"/api/users/{user['id']}/password", role="admin", json={"password": "short"}
    )
    assert short.status_code == 400 and "password" in short.json()["fields"]


def test_i_change_my_own_password_with_the_old_one_and_my_other_logins_end(stack):
    user = new_user(stack)
    here, elsewhere = (log_in(stack, user["username"]).json()["access_token"] for _ in range(2))
    wrong = stack.request(
        "POST",
        "/api/me/password",
        role=None,
        headers=as_token(here),
        json={"old_password": "not-it", "new_password": "second-password-2"},
    )
    assert wrong.status_code == 400 and wrong.json()["fields"] == {"old_password": "wrong password"}
    r = stack.request(
        "POST",
        "/api/me/password",
        role=None,
        headers=as_token(here),
        json={"old_password": "first-password-1", "new_password": "second-password-2"},
    )
    assert r.status_code == 204
    assert me(stack, here).status_code == 200 and me(stack, elsewhere).status_code == 401
    assert log_in(stack, user["username"], "second-password-2").status_code == 200
    changed = [e for e in trail(stack, action="password_changed") if e["target"] == f"user:{user['id']}"]
    assert changed[0]["details"] == {"by": "self", "logins_ended": 1}


def test_logout_ends_the_token_on_the_server(stack):
    user = new_user(stack)
    token = log_in(stack, user["username"]).json()["access_token"]
    assert stack.request("POST", "/api/auth/logout", role=None, headers=as_token(token)).status_code == 204
    assert me(stack, token).status_code == 401
    acts = [e["action"] for e in trail(stack, actor=user["username"])]
    assert {"login_succeeded", "logout"} <= set(acts)


def test_guessing_is_throttled_per_account_with_retry_after_and_unknown_names_alike(stack):
    for username in (new_user(stack)["username"], f"nobody-{uuid.uuid4().hex[:8]}"):
        answers = [log_in(stack, username, "guess").status_code for _ in range(5)]
        assert answers == [401] * 5
        blocked = log_in(stack, username, "first-password-1")  # the right one, too late
        assert blocked.status_code == 429 and blocked.json()["error"] == "too_many_attempts"
        assert 800 <= int(blocked.headers["Retry-After"]) <= 900
        for _ in range(3):  # refused again: the trail has the first refusal only
            assert log_in(stack, username, "guess").status_code == 429
        [throttled] = trail(stack, actor=username, action="login_throttled")
        assert throttled["address"] == "127.0.0.1" and throttled["details"]["over"] == "account"


def test_a_login_does_not_hold_up_other_requests(stack):
    """While eight logins hash at once, the docs page (no hashing, no services) is asked
    for again and again, and answered again and again. Hashed in the gateway's
    greenthread instead, the logins held up everything else: one answer came, after
    them all."""
    names = [new_user(stack)["username"] for _ in range(8)]
    done, waits = [], []

    def login(name):
        done.append(log_in(stack, name).status_code)

    threads = [threading.Thread(target=login, args=(n,)) for n in names]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        asked = time.perf_counter()
        assert stack.request("GET", "/api/docs", role=None).status_code == 200
        waits.append(time.perf_counter() - asked)
    for t in threads:
        t.join()
    assert done == [200] * 8
    assert len(waits) >= 10, waits


def test_a_token_or_key_of_any_characters_is_401_not_an_error(stack):
    for header in (
        {"Authorization": "Bearer é"},
        {"Authorization": "Bearer abc.dé"},
        {"Authorization": "Bearer Ω.Ω"},
        {"X-API-Key": "nøkkel"},
    ):
        encoded = {k: v.encode() for k, v in header.items()}  # sent as UTF-8 bytes
        r = requests.get(stack.url("/api/customers?q=a"), headers=encoded, timeout=10)
        assert r.status_code == 401, (header, r.status_code)
        r = requests.post(stack.url("/api/telephony/events"), headers=encoded, json={}, timeout=10)
        assert r.status_code == 401, (header, r.status_code)


def test_answers_with_tokens_or_personal_data_are_not_cached(stack):
    token = log_in(stack, new_user(stack)["username"])
    assert token.headers["Cache-Control"] == "no-store"
    for path, role in (
        ("/api/me", "agent"),
        ("/api/customers?q=a", "agent"),
        ("/api/health", None),
        ("/api/nothing-here", None),
    ):
        r = stack.request("GET", path, role=role)
        assert r.headers["Cache-Control"] == "no-store", path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
    docs = stack.request("GET", "/api/docs", role=None)
    assert "script-src 'self'" in docs.headers["Content-Security-Policy"]
    assert "<script>" not in docs.text  # its start script is a file of its own
    for page in ("/desk", "/portal"):
        r = stack.request("GET", page, role=None)
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_the_desk_stream_ends_when_its_login_is_logged_out(stack):
    user = new_user(stack)
    token = log_in(stack, user["username"]).json()["access_token"]
    lines, ended = [], threading.Event()
    stream = requests.get(stack.url("/api/desk/events"), headers=as_token(token), stream=True, timeout=30)

    def read():
        for line in stream.iter_lines(decode_unicode=True):
            lines.append(line)
        ended.set()  # the server closed the stream

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert (
            stack.request("POST", "/api/auth/logout", role=None, headers=as_token(token)).status_code == 204
        )
        assert ended.wait(12), lines  # checked every 5 s
        assert lines[0] == "event: hello" and "event: logged_out" in lines
    finally:
        stream.close()


def test_outside_development_the_gateway_will_not_start_on_a_development_key(tmp_path):
    env = {
        **os.environ,
        "CRM_ENV": "production",
        "CRM_DATA_DIR": str(tmp_path),
        "CRM_SECRET_KEY": "k" * 40,
        "CRM_PBX_API_KEY": "development-pbx-key",
        "CRM_SHOP_API_KEY": "s" * 40,
        "CRM_INBOUND_API_KEY": "i" * 40,
        "AMQP_URI": "pyamqp://crm-gateway:not-a-development-password@127.0.0.1:5672/crm",  # not reached
        "GATEWAY_ADDRESS": "127.0.0.1:0",
    }
    nameko = str(Path(sys.executable).parent / "nameko")
    run = subprocess.run(
        [nameko, "run", "--config", "deploy/nameko.yaml", "gateway.service:GatewayService"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 and "CRM_PBX_API_KEY must be set outside development" in run.stderr


def test_a_portal_customers_password_login_is_throttled_and_a_new_password_ends_their_other_logins(stack):
    from tests.e2e.test_portal_pages import portal_customer

    customer, address, secret = portal_customer(stack)
    here, elsewhere = (log_in(stack, address, secret).json()["access_token"] for _ in range(2))
    r = stack.request(
        "POST", "/api/my/password", role=None, headers=as_token(here), json={"password": "a-new-portal-pass"}
    )
    assert r.status_code == 200, r.text
    profile = stack.request("GET", "/api/my/profile", role=None, headers=as_token(here))
    assert profile.status_code == 200
    assert stack.request("GET", "/api/my/profile", role=None, headers=as_token(elsewhere)).status_code == 401
    for _ in range(5):
        assert log_in(stack, address, "guess").status_code == 401
    blocked = log_in(stack, address, "a-new-portal-pass")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    acts = {e["action"] for e in trail(stack, customer_id=customer["id"])}
    assert {"login_succeeded", "password_changed", "login_failed"} <= acts

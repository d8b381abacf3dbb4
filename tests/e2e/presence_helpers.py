"""What the presence and wallboard tests share: an agent with a login of their own (cases
are routed to them), a case of theirs, and a desk's live stream opened and closed as a
browser tab would."""

import http.client
import uuid

from tests.e2e.case_helpers import agent

PASSWORD = "presence-pass-1"


def agent_with_login(stack, queue, **extra):
    """A new staff login, available as an agent of `queue`; (username, token)."""
    username = f"p{uuid.uuid4().hex[:10]}"
    r = stack.request(
        "POST",
        "/api/users",
        role="admin",
        json={"username": username, "password": PASSWORD, "role": "agent", **extra},
    )
    assert r.status_code == 201, r.text
    agent(stack, username, queue)
    r = stack.request("POST", "/api/auth/token", role=None, json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return username, r.json()["access_token"]


def case_of(stack, username, subject):
    customer = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "given_name": "Pia", "family_name": subject, "country": "SE"},
    ).json()
    r = stack.request(
        "POST", "/api/cases", json={"customer_id": customer["id"], "subject": subject, "assignee": username}
    )
    assert r.status_code == 201 and r.json()["assignee"] == username, r.text
    return r.json()


def presence_of(stack, username):
    return next(
        a["presence"] for a in stack.request("GET", "/api/agents").json() if a["username"] == username
    )


def open_desk(stack, token):
    """The desk's live stream, open until `.close()`: one browser tab."""
    line = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    line.request("GET", "/api/desk/events", headers={"Authorization": f"Bearer {token}"})
    answer = line.getresponse()
    assert answer.status == 200
    assert answer.readline().startswith(b"event: hello")
    return line

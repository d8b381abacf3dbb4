"""What the case tests share: a mail as the provider posts it, an agent on duty, a
routing rule, and a short tag that keeps each test's names its own."""

import uuid
from email.message import EmailMessage


def tag() -> str:
    return uuid.uuid4().hex[:8]


def raw_mail(sender, subject, body, message_id, attachment=None, **headers) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@crm.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="kvitto.pdf")
    return bytes(message)


def post_mail(stack, raw, role="inbound"):
    return stack.request(
        "POST", "/api/cases/inbound/email", role=role, data=raw, headers={"Content-Type": "message/rfc822"}
    )


def agent(stack, username, queue, **extra):
    """An available agent serving `queue`. An agent who comes free also takes cases left
    waiting with no queue by other tests on the same stack; the capacity leaves room for
    those and for the test's own."""
    body = {"name": username.title(), "queues": [queue], "capacity": 100, **extra}
    r = stack.request("PUT", f"/api/agents/{username}", role="supervisor", json=body)
    assert r.status_code == 200, r.text
    r = stack.request(
        "POST", f"/api/agents/{username}/presence", role="supervisor", json={"presence": "available"}
    )
    assert r.status_code == 200, r.text


def rule(stack, name, queue, **body):
    r = stack.request("POST", "/api/routing/rules", role="admin", json={"name": name, "queue": queue, **body})
    assert r.status_code == 201, r.text
    return r.json()

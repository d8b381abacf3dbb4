"""Customers for the end-to-end tests: names no other test uses, and a person made over
the API."""

import uuid


def unique_name() -> str:
    """A family name no other test uses (letters only: digits are not part of a name)."""
    return "Lind" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def new_person(stack, **extra):
    body = {
        "kind": "person",
        "given_name": "Åsa",
        "family_name": unique_name(),
        "country": "SE",
        **extra,
    }
    r = stack.request("POST", "/api/customers", json=body)
    assert r.status_code == 201, r.text
    return r.json()

"""Data-protection requests through HTTP: national ids masked by role, a person's data
exported from every service (GDPR art. 15), and erased everywhere (art. 17)."""

import uuid


def family_name() -> str:
    return "Ek" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def test_an_agent_sees_a_masked_national_id_and_a_supervisor_the_whole(stack):
    name = family_name()
    made = stack.request(
        "POST",
        "/api/customers",
        json={
            "kind": "person",
            "given_name": "Siv",
            "family_name": name,
            "country": "SE",
            "national_id": "8112289874",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["national_id"] == "811228-****"
    cid = made.json()["id"]

    agent = stack.request("GET", f"/api/customers/{cid}").json()
    assert agent["national_id"] == "811228-****" and agent["birthday"] == "1981-12-28"
    found = stack.request("GET", "/api/customers", params={"q": name}).json()
    assert [c["national_id"] for c in found] == ["811228-****"]
    view = stack.request("GET", f"/api/customers/{cid}/overview").json()
    assert view["customer"]["national_id"] == "811228-****"
    assert "8112289874" not in str(view) and "811228-9874" not in str(view)

    for role in ("supervisor", "admin"):
        assert stack.request("GET", f"/api/customers/{cid}", role=role).json()["national_id"] == "811228-9874"
        view = stack.request("GET", f"/api/customers/{cid}/overview", role=role).json()
        assert view["customer"]["national_id"] == "811228-9874"

"""An agent who leaves hands their cases on (K4): a logout at once; every desk closed past
the grace period (4 s in the test stack) after it; one desk closed of two, or a desk back
within the grace period, changes nothing. The wallboard is the supervisors'."""

import time

from tests.e2e.case_helpers import tag
from tests.e2e.presence_helpers import agent_with_login, case_of, open_desk, presence_of

GRACE = 4.0  # CRM_PRESENCE_GRACE_SECONDS of the e2e stack (tests/e2e/conftest.py)


def test_an_agent_who_logs_out_goes_offline_and_their_cases_go_to_a_colleague(stack):
    t = tag()
    leaving, token = agent_with_login(stack, f"lo-{t}")
    agent_with_login(stack, f"lo-{t}")  # a colleague at work: someone to hand on to
    case = case_of(stack, leaving, f"Utloggad {t}")
    r = stack.request("POST", "/api/auth/logout", role=None, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 204
    assert presence_of(stack, leaving) == "offline"
    assert_handed_on(stack, case, leaving)
    journal = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    assert [j["author"] for j in journal if j["kind"] == "assignment"][-1] == f"{leaving} left"


def assert_handed_on(stack, case, leaving):
    """The case went to an agent at work (whoever the routing rules pick: other tests'
    agents are at work too), not left with the one who left."""
    assignee = stack.request("GET", f"/api/cases/{case['id']}").json()["assignee"]
    assert assignee not in (None, leaving)
    assert presence_of(stack, assignee) == "available"


def test_desks_closed_past_the_grace_period_hand_the_cases_on_once_and_not_before(stack, eventually):
    t = tag()
    leaving, token = agent_with_login(stack, f"gr-{t}")
    agent_with_login(stack, f"gr-{t}")
    case = case_of(stack, leaving, f"Stängd flik {t}")
    first, second = open_desk(stack, token), open_desk(stack, token)
    first.close()  # one tab of two
    blink = open_desk(stack, token)
    blink.close()
    again = open_desk(stack, token)  # a reload: back within the grace period
    time.sleep(GRACE + 2)  # longer than the grace period: nothing may have happened
    assert presence_of(stack, leaving) == "available"
    assert stack.request("GET", f"/api/cases/{case['id']}").json()["assignee"] == leaving

    second.close()
    again.close()  # the last desk
    assert eventually(lambda: presence_of(stack, leaving) == "offline", timeout=20)
    assert_handed_on(stack, case, leaving)
    journal = stack.request("GET", f"/api/cases/{case['id']}/journal").json()
    assert [
        j["body"] for j in journal if j["kind"] == "assignment" and f"{leaving} left" == j["author"]
    ] != []
    assert len([j for j in journal if j["kind"] == "assignment" and j["author"] == f"{leaving} left"]) == 1


def test_the_wallboard_is_for_supervisors_and_shows_queues_agents_and_calls(stack):
    t = tag()
    name, _ = agent_with_login(stack, f"wb-{t}")
    assert stack.request("GET", "/api/wallboard").status_code == 403  # an agent
    r = stack.request("GET", "/api/wallboard", role="supervisor")
    assert r.status_code == 200, r.text
    board = r.json()
    assert board["sections"] == {"cases": "ok", "calls": "ok"}
    mine = next(a for a in board["agents"] if a["username"] == name)
    assert (mine["presence"], mine["capacity"], mine["call"]) == ("available", 100, None)
    assert stack.request("GET", "/api/wallboard", role="admin").status_code == 200

"""The supervisors' wallboard without a broker (K4, K5, T2): the queues and the cases near
or past their SLA as the case service reads them, and the board the gateway puts
together, each agent beside the call they are on, a part down on its own."""

from datetime import timedelta

import pytest

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.routing import AgentIn
from gateway.remote import UNAVAILABLE
from gateway.wallboard import assemble
from services.case import cases, routing_admin, wallboard
from services.case.models import Base


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def new_case(session, subject, queue=None, when=None):
    body = {"customer_id": 1, "subject": subject, "description": ""}
    made = cases.open_case(session, load(CaseCreate(), body), "intake", {"customer_id": 1}, when or utcnow())
    made.queue = queue
    return made


def test_the_queues_count_what_waits_and_since_when_and_the_sla_list_what_is_pressing(uow):
    now = utcnow()
    with uow.transaction() as session:
        old = new_case(session, "old", "billing", now - timedelta(hours=3))
        new_case(session, "new", "billing", now - timedelta(minutes=5))
        new_case(session, "other", "delivery", now - timedelta(minutes=1))
        late = new_case(session, "late", "billing")
        late.first_response_due = now - timedelta(minutes=1)
        soon = new_case(session, "soon", "billing")
        soon.resolution_due = now + timedelta(minutes=30)
        calm = new_case(session, "calm", "billing")
        calm.resolution_due = now + timedelta(hours=5)
        answered = new_case(session, "answered", "billing")
        answered.first_response_due, answered.first_response_at = now - timedelta(hours=1), now
        paused = new_case(session, "paused", "billing")
        paused.resolution_due, paused.paused_at = now - timedelta(hours=1), now
        session.flush()
        board = wallboard.board(session, now)
    billing = next(q for q in board["queues"] if q["queue"] == "billing")
    assert billing["waiting"] == 7 and billing["oldest_since"] == old.created_at
    assert [(w["subject"], w["target"], w["state"]) for w in board["sla"]] == [
        ("late", "first_response", "breached"),
        ("soon", "resolution", "at_risk"),
    ]


def test_the_board_puts_each_agent_beside_their_call_by_extension_or_name(uow):
    with uow.transaction() as session:
        for name in ("ann", "bob", "cid"):
            routing_admin.save_agent(session, name, load(AgentIn(), {"name": name, "capacity": 4}), utcnow())
        part = {
            "queues": [],
            "sla": [],
            "agents": [{"username": a.username} for a in wallboard.agents(session)],
        }
    calls = [
        {"id": 1, "extension": "201", "agent": None, "state": "ringing", "started_at": "2026-12-07T09:00:00"},
        {
            "id": 2,
            "extension": None,
            "agent": "bob",
            "state": "answered",
            "started_at": "2026-12-07T09:01:00",
        },
    ]
    board = assemble(part, calls, {"ann": "201", "cid": "203"})
    assert {a["username"]: (a["call"] or {}).get("id") for a in board["agents"]} == {
        "ann": 1,
        "bob": 2,
        "cid": None,
    }
    assert board["calls"] == calls and board["sections"] == {"cases": "ok", "calls": "ok"}


def test_a_service_down_takes_only_its_own_part_off_the_board():
    calls = [{"id": 1, "extension": "201", "agent": None, "started_at": "2026-12-07T09:00:00"}]
    board = assemble(UNAVAILABLE, calls, {"ann": "201"})
    assert board["agents"] == board["queues"] == board["sla"] == UNAVAILABLE and board["calls"] == calls
    assert board["sections"] == {"cases": "unavailable", "calls": "ok"}
    part = {"queues": [], "sla": [], "agents": [{"username": "ann", "presence": "away"}]}
    board = assemble(part, UNAVAILABLE, {"ann": "201"})
    assert board["agents"] == [{"username": "ann", "presence": "away", "call": None}]
    assert board["calls"] == UNAVAILABLE and board["sections"] == {"cases": "ok", "calls": "unavailable"}

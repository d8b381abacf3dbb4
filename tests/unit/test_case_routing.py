"""Routing (K4): rules as data pick the queue and the skills, agents are compared on
weighted keys, capacity holds, and nothing stays with an agent who left."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseCreate
from crm_common.contracts.case.routing import AgentIn, RuleIn
from crm_common.errors import Conflict
from services.case import assigning, cases, routing, routing_admin
from services.case.models import Agent, Assignment, Base


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def agent(session, username, presence="available", **data):
    saved = routing_admin.save_agent(session, username, load(AgentIn(), {"name": username, **data}), utcnow())
    saved.presence = presence
    return saved


def rule(session, **data):
    return routing_admin.create_rule(session, load(RuleIn(), data))


def new_case(session, subject="Question", description="", customer=None, **data):
    body = {"customer_id": 1, "subject": subject, "description": description, **data}
    profile = {"customer_id": 1, **(customer or {})}
    return cases.open_case(session, load(CaseCreate(), body), "intake", profile, utcnow())


def test_keywords_language_and_skills_pick_the_queue_and_the_agent(uow):
    with uow.transaction() as session:
        agent(session, "bea", skills={"billing": 2}, languages=["sv"], queues=["billing"])
        agent(session, "carl", skills={"billing": 4}, languages=["en"], queues=["billing"])
        agent(session, "dana", skills={"tech": 3}, languages=["sv"])
        rule(
            session,
            name="invoices",
            weight=50,
            conditions={"keywords": ["faktura", "invoice"]},
            queue="billing",
            skills={"billing": 2},
        )
        rule(session, name="swedish", weight=10, conditions={"languages": ["sv"]}, skills={"swedish": 1})
        rule(session, name="swedish customers", weight=5, conditions={"languages": ["sv"]}, queue="general")

        invoice = new_case(session, "Fel på fakturan", "Fakturan är för hög", customer={"language": "en"})
        assert (invoice.queue, invoice.assignee) == ("billing", "carl")  # more skill, speaks English
        reason = session.query(Assignment).filter_by(case_id=invoice.id).one().reason
        assert "rule 'invoices'" in reason and "billing ≥ 2" in reason and "carl scored" in reason

        # Swedish + invoice: the swedish rule adds a skill nobody in billing has → it waits
        waiting = new_case(session, "Invoice wrong", customer={"language": "sv"})
        assert (waiting.queue, waiting.assignee) == ("billing", None)
        assert "waits in the queue" in session.query(Assignment).filter_by(case_id=waiting.id).one().reason

        # the weights are data: with skill and language counting for nothing, the load decides
        routing_admin.set_weights(session, {"language": 0, "skill": 0})
        invoice2 = new_case(session, "Another invoice", customer={"language": "en"})
        assert invoice2.assignee == "bea"  # carl already has one case


def test_equally_skilled_agents_share_the_load_evenly(uow):
    with uow.transaction() as session:
        for i in range(5):
            agent(session, f"a{i}", capacity=30, skills={"tech": 2})
        rule(session, name="tech", weight=1, conditions={}, queue="tech", skills={"tech": 1})
        for n in range(47):
            new_case(session, f"Case {n}")
        loads = sorted(a.open_cases for a in session.query(Agent))
        assert loads == [9, 9, 9, 10, 10]
        assert sum(a.open_cases for a in session.query(Agent)) == 47


def test_capacity_is_never_exceeded_and_full_agents_leave_cases_waiting(uow):
    with uow.transaction() as session:
        agent(session, "solo", capacity=2)
        made = [new_case(session, f"c{i}") for i in range(3)]
        assert [c.assignee for c in made] == ["solo", "solo", None]
        assert session.get(Agent, "solo").open_cases == 2
        assert assigning.active_cases(session, None, None, 10) == [made[2]]


def test_an_agent_leaving_hands_every_open_case_on_and_arriving_picks_up_what_waits(uow):
    with uow.transaction() as session:
        agent(session, "eva", capacity=5)
        agent(session, "finn", capacity=5)
        agent(session, "gus", capacity=5, presence="offline")
        made = [new_case(session, f"c{i}") for i in range(4)]
        evas = [c for c in made if c.assignee == "eva"]
        assert len(evas) == 2

        _, moved = assigning.set_presence(session, "eva", "away", utcnow())
        assert {m.agent for m in moved} == {"finn"} and len(moved) == 2
        assert all("eva left" == m.assigned_by for m in moved)
        assert session.get(Agent, "eva").open_cases == 0
        assert all(c.assignee != "eva" for c in made)

        _, moved = assigning.set_presence(session, "finn", "offline", utcnow())
        assert [m.agent for m in moved] == [None] * 4  # nobody left: all wait in the queue
        assert all(c.assignee is None for c in made)

        _, picked = assigning.set_presence(session, "gus", "available", utcnow())
        assert [p.agent for p in picked] == ["gus"] * 4
        assert session.get(Agent, "gus").open_cases == 4


def test_solving_frees_the_agent_and_feeds_their_efficiency(uow):
    with uow.transaction() as session:
        agent(session, "hal", capacity=1)
        first = new_case(session, "first")
        second = new_case(session, "second")
        assert (first.assignee, second.assignee) == ("hal", None)
        first.created_at = utcnow() - timedelta(hours=4)
        cases.set_status(session, first, "solved", "hal", utcnow())
        hal = session.get(Agent, "hal")
        assert hal.resolution_hours == pytest.approx(4, abs=0.01) and hal.solved_count == 1
        assert second.assignee == "hal" and hal.open_cases == 1  # the waiting case came to hal
        assert first.assignee == "hal"  # a solved case stays hal's in the reports


def test_a_faster_agent_is_preferred_when_all_else_is_equal(uow):
    with uow.transaction() as session:
        slow = agent(session, "slow")
        fast = agent(session, "fast")
        slow.resolution_hours, fast.resolution_hours = 30.0, 3.0
        assert new_case(session, "x").assignee == "fast"


def test_a_supervisor_assigns_within_capacity_only(uow):
    with uow.transaction() as session:
        agent(session, "ida", capacity=1)
        agent(session, "jon", capacity=1, presence="away")
        case = new_case(session, "x")
        other = new_case(session, "y")
        assert (case.assignee, other.assignee) == ("ida", None)
        with pytest.raises(Conflict, match="away"):
            assigning.assign_to(session, other, "jon", "boss", utcnow())
        with pytest.raises(Conflict, match="no room"):
            assigning.assign_to(session, other, "ida", "boss", utcnow())


def test_rules_are_reloaded_when_they_change(uow):
    with uow.transaction() as session:
        agent(session, "kim")
        assert new_case(session, "refund please").queue is None
        rule(session, name="refunds", weight=1, conditions={"keywords": ["refund"]}, queue="money")
        assert new_case(session, "refund please").queue == "money"
        routing_admin.delete_rule(session, routing_admin.rules(session)[0].id)
        assert new_case(session, "refund please").queue is None


def test_rule_conditions_combine_and_keywords_match_word_starts():
    row = SimpleNamespace(
        id=1,
        name="r",
        weight=1,
        conditions={"keywords": ["faktura"], "postcodes": ["411"]},
        queue="q",
        agent=None,
        skills={},
    )
    both = routing.Rule.of(row)
    assert both.holds(routing.CaseKeys(text="fel på fakturan", postcode="41101"))
    assert not both.holds(routing.CaseKeys(text="fel på fakturan", postcode="11122"))
    assert not both.holds(routing.CaseKeys(text="elfaktura", postcode="41101"))


def test_a_waiting_case_from_an_unknown_sender_is_picked_up_too(uow):
    with uow.transaction() as session:
        agent(session, "lea", presence="offline")
        body = load(CaseCreate(), {"customer_id": 1, "subject": "Vem är jag?"})
        case = cases.open_case(
            session, body, "intake", {}, utcnow(), sender=("Okänd", "x@example.se"), review_id=4
        )
        assert (case.customer_id, case.assignee) == (None, None)
        _, picked = assigning.set_presence(session, "lea", "available", utcnow())
        assert [p.case_id for p in picked] == [case.id] and case.assignee == "lea"

"""An agent's changes at the desk (K2, K4): priority, category and the order a case is
about, each journaled with who made it; an order of another customer refused by name;
a case handed to a colleague or moved into a queue for someone else."""

import pytest

from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.cases import CaseChangeIn, CaseCreate
from crm_common.contracts.case.routing import AgentIn, HandoverIn
from crm_common.errors import Conflict, InvalidInput, NotFound
from services.case import case_changes, cases, journal, routing_admin
from services.case.models import Base


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def agent(session, username, queues=()):
    saved = routing_admin.save_agent(
        session, username, load(AgentIn(), {"name": username, "queues": list(queues)}), utcnow()
    )
    saved.presence = "available"
    return saved


def new_case(session, **data):
    body = {"customer_id": 7, "subject": "Trasig slang", **data}
    return cases.open_case(session, load(CaseCreate(), body), "intake", {"customer_id": 7}, utcnow())


def changes(session, case_id):
    return [(e.body, e.author) for e in journal.entries(session, case_id, False) if e.kind == "change"]


def test_priority_category_and_order_change_and_each_is_journaled_with_who(uow):
    with uow.transaction() as session:
        case = new_case(session, category="billing")
        valid = load(CaseChangeIn(), {"priority": "high", "category": "delivery", "order_id": 31})
        case_changes.change(session, case, valid, "ann", utcnow())
        case_changes.change(session, case, load(CaseChangeIn(), {"priority": "high"}), "bo", utcnow())
        assert (case.priority, case.category, case.order_id) == ("high", "delivery", 31)
        assert changes(session, case.id) == [
            ("priority: normal → high", "ann"),
            ("category: billing → delivery", "ann"),
            ("order: – → 31", "ann"),
        ]  # the same priority again changes nothing
        assert all(e.visibility == "internal" for e in journal.entries(session, case.id, False))


def test_a_change_names_something_and_an_order_must_be_the_customers(uow):
    with pytest.raises(InvalidInput) as empty:
        load(CaseChangeIn(), {})
    assert "priority" in empty.value.fields
    with uow.transaction() as session:
        case_id = new_case(session).id
    orders = {31: {"id": 31, "customer_id": 7}, 32: {"id": 32, "customer_id": 8}}

    def get_order(order_id):
        if order_id not in orders:
            raise NotFound("no order", {"order_id": "not found"})
        return orders[order_id]

    case_changes.check_order(uow, case_id, {"order_id": 31}, get_order)
    case_changes.check_order(uow, case_id, {"order_id": None}, get_order)  # unlinking asks nobody
    for order_id, reason in ((32, "not this customer's"), (99, "not found")):
        with pytest.raises(InvalidInput) as refused:
            case_changes.check_order(uow, case_id, {"order_id": order_id}, get_order)
        assert refused.value.fields == {"order_id": reason}


def test_handed_to_a_colleague_or_into_a_queue_for_someone_else(uow):
    with uow.transaction() as session:
        agent(session, "ann", queues=["general"])
        agent(session, "bo", queues=["billing"])
        agent(session, "cia", queues=["billing"])
        case = new_case(session, assignee="ann")
        case_changes.hand_over(session, case, load(HandoverIn(), {"agent": "bo"}), "ann", utcnow())
        assert case.assignee == "bo"
        moved = case_changes.hand_over(
            session, case, load(HandoverIn(), {"queue": "billing"}), "bo", utcnow()
        )
        assert (case.queue, case.assignee, moved.assigned_by) == ("billing", "cia", "bo")  # not bo again
        assigned = [
            (e.body, e.author) for e in journal.entries(session, case.id, False) if e.kind == "assignment"
        ]
        assert assigned[-2][0] == "given to bo by ann" and assigned[-1][1] == "bo"
        case.status = "closed"
        with pytest.raises(Conflict):
            case_changes.hand_over(session, case, load(HandoverIn(), {"queue": "general"}), "bo", utcnow())
    with pytest.raises(InvalidInput) as both:
        load(HandoverIn(), {"agent": "bo", "queue": "billing"})
    assert "agent" in both.value.fields

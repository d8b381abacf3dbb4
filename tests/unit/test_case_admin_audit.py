"""Changes to how cases are answered, routed and timed are on the audit trail (K4–K8):
one act each, with the operation and the fields' old and new values, written in the same
transaction as the change."""

import pytest
from sqlalchemy import select

from crm_common.acting import Acting
from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.case.knowledge import FaqIn
from crm_common.contracts.case.replies import ReplyTemplateIn
from crm_common.contracts.case.routing import RuleIn
from crm_common.contracts.case.sla import CalendarIn, SlaPolicyIn
from crm_common.errors import Conflict
from services.case import knowledge, replies, routing_admin, sla_admin
from services.case.models import Base, OutboxMessage

ADMIN = Acting("ada", "admin")
WEEKDAYS = {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def acts(uow):
    with uow.read() as session:
        found = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [m.payload["data"] for m in found if m.event_type == "act_recorded"]


def changed(act):
    return {c["field"]: (c["old"], c["new"]) for c in act["details"]["changes"]}


def test_a_routing_rule_created_changed_and_deleted_is_three_acts_with_old_and_new(uow):
    rule = {"name": "billing", "weight": 10, "conditions": {"keywords": ["invoice"]}, "queue": "billing"}
    with uow.transaction() as session:
        made = routing_admin.create_rule(session, load(RuleIn(), rule), actor=ADMIN)
        routing_admin.update_rule(session, made.id, load(RuleIn(), {**rule, "queue": "money"}), actor=ADMIN)
        routing_admin.update_rule(session, made.id, load(RuleIn(), {**rule, "queue": "money"}), actor=ADMIN)
        routing_admin.delete_rule(session, made.id, actor=ADMIN)
    created, updated, deleted = acts(uow)
    assert {a["action"] for a in (created, updated, deleted)} == {"routing_rule_changed"}
    assert (created["actor"], created["actor_role"]) == ("ada", "admin")
    assert {a["target"] for a in (created, updated, deleted)} == {f"routing rule {made.id}"}
    assert [a["details"]["operation"] for a in (created, updated, deleted)] == [
        "created",
        "updated",
        "deleted",
    ]
    assert changed(created)["queue"] == (None, "billing")
    assert changed(updated) == {"queue": ("billing", "money")}  # the unchanged update is no act
    assert changed(deleted)["name"] == ("billing", None)


def test_a_failed_change_records_nothing(uow):
    rule = {"name": "billing", "weight": 10, "queue": "billing"}
    with uow.transaction() as session:
        routing_admin.create_rule(session, load(RuleIn(), rule), actor=ADMIN)
    with pytest.raises(Conflict), uow.transaction() as session:
        routing_admin.create_rule(session, load(RuleIn(), rule), actor=ADMIN)
    assert len(acts(uow)) == 1


def test_weights_reply_templates_calendars_sla_policies_and_faq_answers_are_acts(uow):
    with uow.transaction() as session:
        routing_admin.set_weights(session, {"language": 0}, actor=ADMIN)
        replies.create(session, load(ReplyTemplateIn(), {"name": "thanks", "body": "Tack!"}), actor=ADMIN)
        calendar = sla_admin.create_calendar(
            session,
            load(CalendarIn(), {"name": "office", "timezone": "Europe/Stockholm", "hours": WEEKDAYS}),
            actor=ADMIN,
        )
        sla_admin.create_policy(
            session,
            load(
                SlaPolicyIn(),
                {
                    "name": "gold",
                    "calendar_id": calendar.id,
                    "first_response_minutes": 60,
                    "resolution_minutes": 480,
                },
            ),
            actor=ADMIN,
        )
        faq = {"question": "Where is my parcel?", "answer": "Track it.", "language": "en"}
        entry = knowledge.publish(session, load(FaqIn(), faq), "ada", utcnow(), actor=ADMIN)
        knowledge.change(session, entry.id, load(FaqIn(), {**faq, "published": False}), utcnow(), actor=ADMIN)
    weights, template, hours, policy, published, unpublished = acts(uow)
    assert (weights["action"], weights["target"]) == ("routing_rule_changed", "routing weights")
    assert changed(weights)["language"][1] == 0
    assert (template["action"], changed(template)["body"]) == ("reply_template_changed", (None, "Tack!"))
    assert (hours["action"], changed(hours)["name"]) == ("business_hours_changed", (None, "office"))
    assert (policy["action"], changed(policy)["first_response_minutes"]) == ("sla_policy_changed", (None, 60))
    assert published["action"] == unpublished["action"] == "faq_changed"
    assert changed(unpublished) == {"published": (True, False)}
    assert {a["actor"] for a in acts(uow)} == {"ada"}

"""What a due SLA timer does (K5): mark the breach, notify, raise the priority, or move
the case to another queue, as the policy's step says; each on the journal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crm_common.outbox import record
from services.case import assigning, journal, sla
from services.case.models import Agent, Case, OutboxMessage, SlaPolicy, SlaTimer

HIGHER = {"low": "normal", "normal": "high", "high": "urgent", "urgent": "urgent"}


def fire_due(session: Session, now: datetime) -> None:
    """Fire the SLA timers whose moment has come, each announced once as
    `sla_escalated` (kept in the database: a restart loses none; a conditional UPDATE
    fires each once across instances)."""
    for timer in sla.due(session, now):
        fired = fire(session, timer, now)
        if fired is not None:
            record(session, OutboxMessage, "sla_escalated", fired)


def fire(session: Session, timer: SlaTimer, now: datetime) -> dict[str, Any] | None:
    """Do the timer's step; returns the `sla_escalated` event's data (None when another
    process fired it first or it no longer applies)."""
    if not sla.claim(session, timer, now):
        return None
    # locked: another instance may be firing another of this case's timers right now
    case = session.get(Case, timer.case_id, with_for_update=True, populate_existing=True)
    if case is None or case.status not in assigning.ACTIVE or case.sla_policy_id is None:
        return None
    step = sla.step_of(session.get_one(SlaPolicy, case.sla_policy_id), timer)
    due = getattr(case, f"{timer.target}_due")
    done: list[str] = []
    if timer.step == sla.BREACH and sla.mark_breached(case, timer.target):
        done.append("breached")
    recipients = _act(session, case, step, now, done)
    when = "breached"
    if timer.step != sla.BREACH:
        when = f"{step['minutes_before']} business minutes before breach"
    text = f"SLA {timer.target.replace('_', ' ')} due {due:%Y-%m-%d %H:%M} UTC: {when}"
    journal.add(session, case, "sla", text + (f" — {'; '.join(done)}" if done else ""), "sla", now)
    return sla_escalated(case, timer, due, recipients, done)


def _act(
    session: Session, case: Case, step: dict[str, Any], now: datetime, done: list[str]
) -> dict[str, list[str]]:
    """Do the step's actions in order, each said in `done`; returns whom to notify by
    e-mail and by SMS."""
    recipients: dict[str, list[str]] = {"email": [], "sms": []}
    for action in step.get("actions", []):
        if action == "raise_priority" and case.priority != "urgent":
            case.priority = HIGHER[case.priority]
            done.append(f"priority raised to {case.priority}")
        elif action == "reassign":
            moved = assigning.route_case(session, case, now, queue=step.get("queue"), by="sla")
            done.append(f"moved to queue {moved.queue}" + (f", {moved.agent}" if moved.agent else ""))
        elif action in ("notify_email", "notify_sms"):
            channel = action.removeprefix("notify_")
            recipients[channel] = _recipients(session, case, step, channel)
            done.append(f"{channel} to {', '.join(recipients[channel]) or 'nobody (no address)'}")
    return recipients


def sla_escalated(
    case: Case, timer: SlaTimer, due: datetime | None, recipients: dict[str, list[str]], done: list[str]
) -> dict[str, Any]:
    """The `sla_escalated` event's data: what the step did and whom messaging notifies."""
    return {
        "case_id": case.id,
        "number": case.number,
        "customer_id": case.customer_id,
        "subject": case.subject,
        "target": timer.target,
        "due": due.isoformat() if due else None,
        "breached": timer.step == sla.BREACH,
        "priority": case.priority,
        "assignee": case.assignee,
        "queue": case.queue,
        "notify": recipients,
        "actions": done,
    }


def _recipients(session: Session, case: Case, step: dict[str, Any], channel: str) -> list[str]:
    """Whom the step names (`email_to` / `sms_to`), else the case's agent."""
    named = step.get(f"{channel}_to") or []
    if named:
        return list(named)
    agent = session.get(Agent, case.assignee) if case.assignee else None
    address = (agent.email if channel == "email" else agent.mobile) if agent else None
    return [address] if address else []

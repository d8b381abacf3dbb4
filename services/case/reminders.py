"""Reminders (K12, K13): a row per thing to tell someone at a set time, fired once by the
service's timer (a conditional UPDATE claims it), kept across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.outbox import record
from services.case import timers
from services.case.models import Agent, OutboxMessage, Reminder


def schedule(
    session: Session, about: str, about_id: int, at: datetime, recipients: list[str], text: str
) -> Reminder:
    """Replace what was pending for the thing with this one reminder."""
    cancel(session, about, about_id)
    reminder = Reminder(
        about=about,
        about_id=about_id,
        remind_at=at,
        recipients=list(dict.fromkeys(recipients)),
        note=text[:300],
    )
    session.add(reminder)
    return reminder


def cancel(session: Session, about: str, about_id: int) -> None:
    session.execute(
        update(Reminder)
        .where(Reminder.about == about, Reminder.about_id == about_id, Reminder.fired_at.is_(None))
        .values(cancelled=True)
        .execution_options(synchronize_session=False)
    )


def pending(session: Session, about: str, about_id: int) -> Reminder | None:
    return session.scalar(
        select(Reminder).where(
            Reminder.about == about,
            Reminder.about_id == about_id,
            Reminder.fired_at.is_(None),
            ~Reminder.cancelled,
        )
    )


def due(session: Session, now: datetime, limit: int = 100) -> list[Reminder]:
    return timers.due(session, Reminder, Reminder.remind_at, now, limit)


def fire(session: Session, reminder: Reminder, now: datetime) -> dict[str, Any] | None:
    """Claim it; returns the `reminder_due` event's data, with the recipients' e-mail
    addresses where the agent register has them."""
    if not timers.claim(session, Reminder, reminder.id, now):
        return None
    emails = dict(
        session.execute(
            select(Agent.username, Agent.email).where(Agent.username.in_(reminder.recipients))
        ).all()
    )
    return {
        "reminder_id": reminder.id,
        "about": reminder.about,
        "about_id": reminder.about_id,
        "text": reminder.note,
        "remind_at": reminder.remind_at.isoformat(),
        "recipients": [{"username": u, "email": emails.get(u)} for u in reminder.recipients],
    }


def send_due(session: Session, now: datetime) -> None:
    """Fire every reminder whose time has come, each announced once as `reminder_due`
    (a reminder another process claimed first is left to it)."""
    for reminder in due(session, now):
        fired = fire(session, reminder, now)
        if fired is not None:
            record(session, OutboxMessage, "reminder_due", fired)

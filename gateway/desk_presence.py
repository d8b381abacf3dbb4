"""An agent who left the desk goes offline (K4): logged out, or every desk of theirs closed
(or cut off, or its login ran out) for longer than the grace period. A reconnect within it
changes nothing; one desk closed of two changes nothing.

Each open desk stream moves its person's `seen_at` on every few seconds (`seen`), in
every tab and every gateway process alike; the gateway's sweep finds the lines unseen for
the grace period and claims each once (`gone`), whichever process sweeps first, then
asks the case service to set the agent offline, which hands their cases on."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_common.dml import rows_changed
from crm_common.upsert import upsert
from gateway.models import DeskLine

SWEEPS = 50  # lines claimed per sweep; the rest wait for the next


def beat_seconds(grace: float) -> float:
    """How often an open stream rechecks its login and beats: well inside the grace period."""
    return min(5.0, grace / 3)


def seen_every(grace: float) -> float:
    """How often an open stream writes that it is there: three times in a grace period is
    enough, and each write is a commit beside every other request's (50 desks at 5 s
    were 10 commits a second)."""
    return grace / 3


def seen(session: Session, username: str, now: datetime) -> None:
    """A desk of theirs is open now (opened, or still there): their line is back."""
    statement = upsert(session, DeskLine).values(username=username, seen_at=now, gone_at=None)
    session.execute(
        statement.on_conflict_do_update(index_elements=["username"], set_={"seen_at": now, "gone_at": None})
    )


def closed(session: Session, username: str, now: datetime) -> None:
    """A desk of theirs closed: the grace period counts from now, unless the line is
    gone already (a logout)."""
    session.execute(
        update(DeskLine)
        .where(DeskLine.username == username, DeskLine.gone_at.is_(None))
        .values(seen_at=now)
        .execution_options(synchronize_session=False)
    )


def gone(session: Session, now: datetime, grace: float) -> list[str]:
    """The people whose every desk has been away longer than `grace` seconds, each
    claimed once: a second sweep, in this process or another, does not find them."""
    cutoff = now - timedelta(seconds=grace)
    stale = session.scalars(
        select(DeskLine.username)
        .where(DeskLine.gone_at.is_(None), DeskLine.seen_at < cutoff)
        .order_by(DeskLine.seen_at)
        .limit(SWEEPS)
    )
    return [username for username in list(stale) if _claim(session, username, cutoff, now)]


def logged_out(session: Session, username: str, now: datetime) -> bool:
    """They logged out: their line is gone at once (the sweep leaves it alone). False when
    it was gone already."""
    return _claim(session, username, None, now)


def unclaim(session: Session, username: str) -> None:
    """Setting them offline failed (the case service did not answer): the next sweep tries
    again."""
    session.execute(
        update(DeskLine)
        .where(DeskLine.username == username)
        .values(gone_at=None)
        .execution_options(synchronize_session=False)
    )


def _claim(session: Session, username: str, cutoff: datetime | None, now: datetime) -> bool:
    statement = update(DeskLine).where(DeskLine.username == username, DeskLine.gone_at.is_(None))
    if cutoff is not None:
        statement = statement.where(DeskLine.seen_at < cutoff)
    return (
        rows_changed(session, statement.values(gone_at=now).execution_options(synchronize_session=False)) == 1
    )

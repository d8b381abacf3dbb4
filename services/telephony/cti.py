"""Zammad's generic CTI push format, translated to our call events, so a PBX already set
up for that API works unchanged.

Zammad posts `event` (newCall, answer, hangup), `from`, `to`, `direction` (in/out),
`callId`, `user[]` (agent names), `queue`, `cause` and `answeringNumber`, form-encoded or
as JSON. Its numbers are E.164 without the plus (`4930609854180`); one that starts with 0
is a national number.
"""

from __future__ import annotations

from collections.abc import Mapping

from crm_common.errors import InvalidInput

EVENTS = {"newCall": "ringing", "answer": "answered", "hangup": "hangup"}


def from_zammad(form: Mapping[str, str | list[str]]) -> dict[str, str]:
    """Our CallEventIn from a Zammad CTI request (a dict of str or list of str)."""

    def one(name: str) -> str | None:
        value = form.get(name)
        if isinstance(value, list):
            return value[0] if value else None
        return value

    event = one("event")
    if event not in EVENTS:
        raise InvalidInput("unknown CTI event", {"event": f"one of {', '.join(EVENTS)}"})
    users = form.get("user[]", form.get("user"))
    if isinstance(users, str):
        users = [users]
    out: dict[str, str] = {
        "event": EVENTS[event],
        "call_id": one("callId") or "",
        "from": international(one("from")),
        "to": international(one("to")),
        "direction": one("direction") or "in",
    }
    if users:
        out["agent"] = users[0]
    for ours, theirs in (("queue", "queue"), ("cause", "cause"), ("extension", "answeringNumber")):
        if given := one(theirs):
            out[ours] = given
    return out


def international(number: str | None) -> str:
    """Zammad's `4930609854180` is `+4930609854180`; `030…` stays national."""
    number = (number or "").strip()
    if number.isdigit() and not number.startswith("0"):
        return "+" + number
    return number

"""The events the telephony service publishes (exchange `telephony.events`): one per
step of a call, each with the call as `handle_call_event` answers it (CallOut)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about, every_field_present
from crm_common.contracts.telephony import CallOut

PUBLISHER = "telephony"


@every_field_present
class CallEvent(CallOut):
    """A call changed state; the call as answered (CallOut) and its row id."""

    call_pk = fields.Int(
        strict=True, required=True, metadata=about("the call's id in the telephony database (`id`)")
    )


class CallRinging(CallEvent):
    """A call rings (incoming or outgoing); the caller resolved to a customer if known."""


class CallAnswered(CallEvent):
    """A ringing call was answered by an agent."""


class CallTransferred(CallEvent):
    """A call was put through to another extension or agent."""


class CallEnded(CallEvent):
    """A call was hung up."""


EVENTS: dict[str, type[Schema]] = {
    "call_ringing": CallRinging,
    "call_answered": CallAnswered,
    "call_transferred": CallTransferred,
    "call_ended": CallEnded,
}

"""The events the case service publishes (exchange `case.events`)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about


class _Case(Schema):
    case_id = fields.Int(strict=True, required=True, metadata=about("the case"))
    number = fields.Str(required=True, metadata=about("its number, as the customer sees it"))
    customer_id = fields.Int(
        strict=True, required=True, allow_none=True, metadata=about("its customer, when known")
    )


PUBLISHER = "case"


class CaseOpened(_Case):
    """A case was opened (by an agent, from a mail, a form or a call)."""

    subject = fields.Str(required=True, metadata=about("its subject"))
    channel = fields.Str(required=True, metadata=about("where it came in (email, phone, web …)"))
    assignee = fields.Str(required=True, allow_none=True, metadata=about("the agent it was given to"))
    queue = fields.Str(required=True, allow_none=True, metadata=about("the queue it waits in"))
    confirm = fields.Bool(required=True, metadata=about("whether messaging confirms it to the customer"))
    references = fields.List(
        fields.Str(), required=True, metadata=about("the Message-IDs of the mail thread")
    )


class CaseCustomerLinked(_Case):
    """An unknown sender's case got its customer (once the register took them in)."""

    subject = fields.Str(required=True, metadata=about("its subject"))


class CaseReplied(_Case):
    """An agent replied on a case; messaging sends the reply."""

    recipient = fields.Str(required=True, allow_none=True, metadata=about("the address the case came from"))
    entry_id = fields.Int(strict=True, required=True, metadata=about("the reply's journal entry"))
    subject = fields.Str(required=True, allow_none=True, metadata=about("the reply's subject"))
    body = fields.Str(required=True, metadata=about("the reply's text"))
    author = fields.Str(required=True, metadata=about("the agent who wrote it"))
    message_id = fields.Str(required=True, allow_none=True, metadata=about("the reply's Message-ID"))
    in_reply_to = fields.Str(
        required=True, allow_none=True, metadata=about("the Message-ID of the last message in")
    )
    channel = fields.Str(required=True, metadata=about("email or sms"))


class CaseMessageReceived(_Case):
    """A message from the customer joined an open case."""

    entry_id = fields.Int(strict=True, required=True, metadata=about("its journal entry"))
    channel = fields.Str(required=True, metadata=about("where it came in"))
    references = fields.List(
        fields.Str(), required=True, metadata=about("the Message-IDs of the mail thread")
    )


class _StatusMove(_Case):
    from_ = fields.Str(required=True, data_key="from", metadata=about("the status before"))
    to = fields.Str(required=True, metadata=about("the status now"))


class CaseSolved(_StatusMove):
    """A case was solved (it may still be reopened)."""


class CaseClosed(_StatusMove):
    """A case was closed."""


class CaseStatusChanged(_StatusMove):
    """A case moved to another status than solved or closed (open, pending …)."""


class Notify(Schema):
    email = fields.List(fields.Str(), required=True, metadata=about("addresses to e-mail"))
    sms = fields.List(fields.Str(), required=True, metadata=about("numbers to text"))


class SlaEscalated(_Case):
    """An SLA timer fired: a breach, or a step before one; messaging notifies."""

    subject = fields.Str(required=True, metadata=about("the case's subject"))
    target = fields.Str(required=True, metadata=about("first_response, next_response or resolution"))
    due = fields.DateTime(required=True, allow_none=True, metadata=about("when the target is due, UTC"))
    breached = fields.Bool(required=True, metadata=about("the target is missed (not a step before)"))
    priority = fields.Str(required=True, metadata=about("the case's priority now"))
    assignee = fields.Str(required=True, allow_none=True, metadata=about("the case's agent now"))
    queue = fields.Str(required=True, allow_none=True, metadata=about("the case's queue now"))
    notify = fields.Nested(Notify, required=True, metadata=about("whom messaging tells, by channel"))
    actions = fields.List(fields.Str(), required=True, metadata=about("what the step did, in words"))


class Recipient(Schema):
    username = fields.Str(required=True, metadata=about("the agent"))
    email = fields.Str(
        required=True, allow_none=True, metadata=about("their address, if the register has it")
    )


class ReminderDue(Schema):
    """A reminder's time came; messaging tells its recipients."""

    reminder_id = fields.Int(strict=True, required=True, metadata=about("the reminder"))
    about_ = fields.Str(required=True, data_key="about", metadata=about("what it is about (case, task …)"))
    about_id = fields.Int(strict=True, required=True, metadata=about("that thing's id"))
    text = fields.Str(required=True, metadata=about("the note"))
    remind_at = fields.DateTime(required=True, metadata=about("when it was due, UTC"))
    recipients = fields.List(fields.Nested(Recipient), required=True, metadata=about("whom to tell"))


class AgentPresenceChanged(Schema):
    """An agent became available, away or offline; their cases moved on when they left."""

    username = fields.Str(required=True, metadata=about("the agent"))
    presence = fields.Str(required=True, metadata=about("available, away or offline"))
    moved = fields.Int(strict=True, required=True, metadata=about("cases handed on or picked up"))


EVENTS: dict[str, type[Schema]] = {
    "case_opened": CaseOpened,
    "case_customer_linked": CaseCustomerLinked,
    "case_replied": CaseReplied,
    "case_message_received": CaseMessageReceived,
    "case_solved": CaseSolved,
    "case_closed": CaseClosed,
    "case_status_changed": CaseStatusChanged,
    "sla_escalated": SlaEscalated,
    "reminder_due": ReminderDue,
    "agent_presence_changed": AgentPresenceChanged,
}

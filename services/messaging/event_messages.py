"""What other services' events send (M2): the case confirmation (K2), the agent's reply
(K3), SLA warnings (K5) and reminders (K12, K13) to staff, and the order book's messages
(outgoing.ORDER_EVENTS), each with what it tells a campaign (M4).

Each event is handled once: the messages are queued and announced (`message_recorded`)
in the transaction that marks the event handled under its handler's name. The customer
is asked of the customer service (`contacts`) before that transaction opens, so no
database lock waits on an RPC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm_common.idempotency import claim
from services.messaging import campaigns, outgoing
from services.messaging.contacts import Contacts
from services.messaging.models import ProcessedEvent

if TYPE_CHECKING:
    from crm_common.storage import UnitOfWork

Event = dict[str, Any]  # the envelope: event_id, occurred_at, data


def confirm_case(uow: UnitOfWork, event: Event, contacts: Contacts, handler: str) -> None:
    """`case_opened` or `case_customer_linked`: the confirmation with the case number to
    its customer, once per event (`handler` names the idempotency key). A case opened by
    a mail in a thread or by SMS may answer a campaign first. Not to an auto-reply
    (`confirm` False: no mail loops), nor while the case has no customer."""
    case = event["data"]
    if case.get("references") or case.get("channel") == "sms":
        campaigns.reply_received(uow, event, f"{handler}.campaign_replied")
    if case.get("customer_id") is None or case.get("confirm") is False:
        return
    customer = contacts.customer(case["customer_id"])
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], handler):
            outgoing.announce(session, outgoing.confirm_case(session, case, customer))


def reply_to_case(uow: UnitOfWork, event: Event, contacts: Contacts) -> None:
    """`case_replied`: the agent's answer to the customer (or to the sender's own address
    while they have none), once."""
    reply = event["data"]
    customer = contacts.customer(reply["customer_id"]) if reply.get("customer_id") else None
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], "messaging.on_case_replied"):
            outgoing.announce(session, [outgoing.reply_to_case(session, reply, customer)])


def remind_staff(uow: UnitOfWork, event: Event) -> None:
    """`reminder_due`: the reminder by e-mail to each recipient with an address, once."""
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], "messaging.on_reminder_due"):
            outgoing.announce(session, outgoing.remind_staff(session, event["data"]))


def warn_staff(uow: UnitOfWork, event: Event) -> None:
    """`sla_escalated`: the warning by e-mail and SMS to the people the SLA step names,
    once."""
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], "messaging.on_sla_escalated"):
            outgoing.announce(session, outgoing.warn_staff(session, event["data"], event["event_id"]))


def tell(uow: UnitOfWork, event_type: str, event: Event, contacts: Contacts) -> None:
    """One of the order book's events (a key of outgoing.ORDER_EVENTS) as the messages
    its rules name, once."""
    data = event["data"]
    customer = contacts.customer(data["customer_id"])
    with uow.transaction() as session:
        if claim(session, ProcessedEvent, event["event_id"], f"messaging.{event_type}"):
            outgoing.announce(session, outgoing.tell(session, event_type, event["event_id"], customer, data))


def order_placed(uow: UnitOfWork, event: Event, contacts: Contacts) -> None:
    """`order_placed`: the order confirmation, and the order counted as a campaign's
    answer when it came soon after the campaign's message."""
    tell(uow, "order_placed", event, contacts)
    campaigns.order_received(uow, event)

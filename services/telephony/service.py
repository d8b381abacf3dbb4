"""Telephony service entrypoints."""

from __future__ import annotations

from nameko.events import event_handler
from nameko.rpc import RpcProxy

from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.telephony import CallEventIn, CallOut
from crm_common.entrypoints import rpc
from crm_common.health import Pingable
from crm_common.history import repoint
from crm_common.idempotency import handles_once
from crm_common.outbox import OutboxRelay, record
from crm_common.storage import Database
from services.telephony import calls, cti, personal_data
from services.telephony.models import Call, OutboxMessage, ProcessedEvent


class TelephonyService(Pingable):
    name = "telephony"
    db = Database()
    relay = OutboxRelay(OutboxMessage)
    customers = RpcProxy("customer")

    @rpc
    def handle_call_event(self, data: dict) -> dict:
        """Take one PBX event (CallEventIn: event ringing|answered|transferred|hangup,
        call_id, from, to, direction, extension, agent, queue, cause, at). The caller's
        number is read in the PBX's country and resolved to person and organisation.
        Returns the call (CallOut). Raises InvalidInput. Emits `call_ringing`,
        `call_answered`, `call_transferred` or `call_ended`."""
        event = load(CallEventIn, data)
        region = load_settings().pbx_region
        who = None
        with self.db.read() as session:
            known = calls.known_call(session, event["call_id"])
        number = calls.remote_e164(event, region)
        if not known and number:
            who = self._resolve(number)
        with self.db.transaction() as session:
            call, happened = calls.apply_event(session, event, region, who)
            out = dump(CallOut, call)
            if happened:
                record(session, OutboxMessage, happened, {**out, "call_pk": call.id})
            return out

    @rpc
    def handle_zammad_event(self, form: dict) -> dict:
        """The same as handle_call_event, for Zammad's generic CTI format (event newCall|
        answer|hangup, from, to, direction, callId, user[], queue, cause, answeringNumber)."""
        return self.handle_call_event(cti.from_zammad(form))

    @rpc
    def active_calls(self) -> list[dict]:
        """Calls ringing or in progress anywhere in the company, oldest first (T2)."""
        with self.db.read() as session:
            return dump(CallOut, calls.active_calls(session), many=True)

    @rpc
    def list_calls(self, customer_id: int, limit: int = 50) -> list[dict]:
        """The customer's calls, newest first (T3)."""
        with self.db.read() as session:
            return dump(
                CallOut,
                calls.calls_of(session, positive_id(customer_id, "customer_id"), min(int(limit), 500)),
                many=True,
            )

    def _resolve(self, e164: str) -> dict | None:
        """The first person (else organisation) holding the number, with their employer."""
        matches = self.customers.find_by_phone(e164)
        if not matches:
            return None
        best = next((m for m in matches if m["customer"]["kind"] == "person"), matches[0])
        org = best["organisations"][0] if best["organisations"] else None
        if best["customer"]["kind"] == "organisation":
            org = best["customer"]
        return {
            "customer_id": best["customer"]["id"],
            "customer_name": best["customer"]["name"],
            "organisation_id": org["id"] if org else None,
            "organisation_name": org["name"] if org else None,
        }

    @event_handler("customer", "customer_created")
    @handles_once(ProcessedEvent)
    def on_customer_created(self, session, payload):
        """An unknown caller registered on the spot: their calls land in their history (T3)."""
        data = payload["data"]
        calls.link_unknown_calls(session, data.get("phones") or [], data["customer_id"], data["name"])

    @event_handler("customer", "customer_updated")
    @handles_once(ProcessedEvent)
    def on_customer_updated(self, session, payload):
        """A number added to a customer: its calls with nobody on them become theirs."""
        data = payload["data"]
        if data.get("phones"):
            calls.link_unknown_calls(session, data["phones"], data["customer_id"], data["name"])

    @event_handler("customer", "customer_merged")
    @handles_once(ProcessedEvent)
    def on_customer_merged(self, session, payload):
        """The merged customer's calls now belong to the survivor (C7)."""
        data = payload["data"]
        repoint(session, Call, data["merged_id"], data["survivor_id"])

    @rpc
    def export_customer(self, customer_id: int) -> dict:
        """The customer's calls, oldest first (GDPR art. 15): {"calls": CallOut list}."""
        with self.db.read() as session:
            return personal_data.export(session, [positive_id(customer_id, "customer_id")])

    @event_handler("customer", "customer_erased")
    @handles_once(ProcessedEvent)
    def on_customer_erased(self, session, payload):
        """The person's calls keep their times and lose the number and the name (art. 17)."""
        personal_data.erase(session, payload["data"]["customer_ids"])

"""Service levels (K5): business-hour calendars, SLA policies, and the SLA timers firing."""

from __future__ import annotations

from nameko.timer import timer

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load
from crm_common.contracts.case.sla import CalendarIn, CalendarOut, SlaPolicyIn, SlaPolicyOut
from crm_common.entrypoints import rpc
from services.case import escalation, sla_admin
from services.case.entrypoints import CaseEntrypoints

SETTINGS = load_settings()  # read once, at import: the timer's interval is fixed with the class


class SlaEntrypoints(CaseEntrypoints):
    @rpc
    def create_calendar(self, data: dict) -> dict:
        """Business hours with a country's holidays (CalendarIn). Returns CalendarOut."""
        valid = load(CalendarIn, data)
        with self.db.transaction() as session:
            return dump(CalendarOut, sla_admin.create_calendar(session, valid, actor=self.actor))

    @rpc
    def list_calendars(self) -> list[dict]:
        with self.db.read() as session:
            return dump(CalendarOut, sla_admin.calendars(session), many=True)

    @rpc
    def create_sla_policy(self, data: dict) -> dict:
        """Targets and escalation steps for customer tiers (SlaPolicyIn). Applies to
        cases opened from now on. Returns SlaPolicyOut."""
        valid = load(SlaPolicyIn, data)
        with self.db.transaction() as session:
            return dump(SlaPolicyOut, sla_admin.create_policy(session, valid, actor=self.actor))

    @rpc
    def list_sla_policies(self) -> list[dict]:
        with self.db.read() as session:
            return dump(SlaPolicyOut, sla_admin.policies(session), many=True)

    @timer(interval=SETTINGS.sla_tick_seconds)
    def escalate_due(self) -> None:
        """Fire the SLA timers whose moment has come (kept in the database: a restart
        loses none; a conditional UPDATE fires each once across instances)."""
        with self.db.transaction() as session:
            escalation.fire_due(session, utcnow())

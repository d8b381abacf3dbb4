"""The agenda (K12): bookings, meetings, tasks and watches, the personal list of mileage
and expenses, and the reminders of the agenda and the registers of paper."""

from __future__ import annotations

from nameko.timer import timer

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.case.agenda import AgendaItemIn, AgendaItemOut, PersonalEntryIn, PersonalEntryOut
from crm_common.entrypoints import rpc
from services.case import agenda, reminders
from services.case.entrypoints import CaseEntrypoints

SETTINGS = load_settings()  # read once, at import: the timer's interval is fixed with the class


class AgendaEntrypoints(CaseEntrypoints):
    @rpc
    def add_agenda_item(self, data: dict, owner: str) -> dict:
        """A booking, meeting, task or watch (AgendaItemIn) in `owner`'s name. Returns
        AgendaItemOut. Raises InvalidInput, Conflict (the resource is booked then)."""
        valid = load(AgendaItemIn, data)
        with self.db.transaction() as session:
            return dump(AgendaItemOut, agenda.add(session, valid, owner, utcnow()))

    @rpc
    def agenda_between(
        self, username: str | None, start: str, end: str, kinds: list | None = None
    ) -> list[dict]:
        """Everyone's bookings and `username`'s own items (all items for None) that
        overlap [start, end) (ISO times). AgendaItemOut list."""
        first, last = agenda.period(start, end)
        with self.db.read() as session:
            found = agenda.items(session, username, first, last, tuple(kinds or ()))
            return dump(AgendaItemOut, found, many=True)

    @rpc
    def open_tasks(self, username: str) -> list[dict]:
        with self.db.read() as session:
            return dump(AgendaItemOut, agenda.open_tasks(session, username), many=True)

    @rpc
    def at_login(self, username: str) -> list[dict]:
        """Items marked to pop up at login that are due and not done."""
        with self.db.read() as session:
            return dump(AgendaItemOut, agenda.at_login(session, username, utcnow()), many=True)

    @rpc
    def list_watches(self, username: str, limit: int = 100, after_id: int = 0) -> list[dict]:
        """`username`'s open watches, a page at a time (AgendaItemOut list, at most 1000;
        pass the last id as `after_id` for the next page)."""
        limit, after_id = _page(limit, after_id)
        with self.db.read() as session:
            return dump(AgendaItemOut, agenda.watches(session, username, limit, after_id), many=True)

    @rpc
    def finish_agenda_item(self, item_id: int, username: str, cancel: bool = False) -> dict:
        """Mark a task done (or cancel any item); its reminder is dropped."""
        with self.db.transaction() as session:
            item = agenda.finish(session, positive_id(item_id, "item_id"), username, utcnow(), bool(cancel))
            return dump(AgendaItemOut, item)

    @rpc
    def add_personal_entry(self, data: dict, owner: str) -> dict:
        """A mileage or expense line (PersonalEntryIn). Returns PersonalEntryOut."""
        valid = load(PersonalEntryIn, data)
        with self.db.transaction() as session:
            return dump(PersonalEntryOut, agenda.add_personal(session, valid, owner))

    @rpc
    def list_personal_entries(self, owner: str, year: int, limit: int = 100, after_id: int = 0) -> list[dict]:
        """`owner`'s mileage and expense lines of `year`, a page at a time
        (PersonalEntryOut list, at most 1000; the last id is the next page's `after_id`)."""
        year = agenda.year(year)
        limit, after_id = _page(limit, after_id)
        with self.db.read() as session:
            found = agenda.personal_entries(session, owner, year, limit, after_id)
            return dump(PersonalEntryOut, found, many=True)

    @rpc
    def personal_sums(self, owner: str, year: int) -> dict:
        """Kilometres and expenses per month of `year`, and the year's totals."""
        year = agenda.year(year)
        with self.db.read() as session:
            return agenda.personal_sums(session, owner, year)

    @timer(interval=SETTINGS.sla_tick_seconds)
    def remind_due(self) -> None:
        """Send the reminders whose time has come (agenda, reply deadlines, expiries)."""
        with self.db.transaction() as session:
            reminders.send_due(session, utcnow())


def _page(limit: object, after_id: object) -> tuple[int, int]:
    """A page's size (at most 1000) and cursor (0: from the start), checked."""
    return min(positive_id(limit, "limit"), 1000), positive_id(after_id, "after_id") if after_id else 0

"""Case reports (K10): how cases went, per month and group."""

from __future__ import annotations

from crm_common.entrypoints import rpc
from services.case import reports
from services.case.entrypoints import CaseEntrypoints


class ReportEntrypoints(CaseEntrypoints):
    @rpc
    def case_report(self, period: dict, by: str = "agent") -> list[dict]:
        """Opened, solved, open, average first-response and resolution minutes and SLA
        kept, per month and agent, queue, category or channel (CaseReportOut list)."""
        with self.db.read() as session:
            return reports.cases_in(session, period, by)

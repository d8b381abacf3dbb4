"""Case reports (K10): per month and group, opened, solved, response times and SLA kept."""

from marshmallow import Schema, fields


class CaseReportOut(Schema):
    month = fields.Str()
    agent = fields.Str(allow_none=True, metadata={"description": "the group, as `by` names it"})
    opened = fields.Int()
    solved = fields.Int(metadata={"description": "solved or closed by now"})
    open = fields.Int()
    avg_first_response_minutes = fields.Float(allow_none=True)
    avg_resolution_minutes = fields.Float(allow_none=True)
    with_sla = fields.Int(metadata={"description": "solved cases that had an SLA"})
    sla_kept = fields.Int()
    sla_kept_percent = fields.Float(allow_none=True)

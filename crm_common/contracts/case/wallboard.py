"""What the supervisors' wallboard shows of cases (K4, K5): queues waiting, cases near or
past an SLA target, and the agents' presence and load."""

from marshmallow import Schema, fields


class QueueWaitOut(Schema):
    queue = fields.Str(allow_none=True, metadata={"description": "null: no rule sent the case anywhere"})
    waiting = fields.Int(metadata={"description": "cases waiting for an agent"})
    oldest_since = fields.DateTime(metadata={"description": "when the oldest of them came in"})


class SlaWatchOut(Schema):
    id = fields.Int()
    number = fields.Str()
    subject = fields.Str()
    priority = fields.Str()
    queue = fields.Str(allow_none=True)
    assignee = fields.Str(allow_none=True)
    target = fields.Str(metadata={"description": "first_response, next_response or resolution"})
    due = fields.DateTime()
    state = fields.Str(metadata={"description": "at_risk (due within the hour) or breached"})


class AgentLoadOut(Schema):
    username = fields.Str()
    name = fields.Str()
    presence = fields.Str()
    presence_changed_at = fields.DateTime()
    open_cases = fields.Int()
    capacity = fields.Int()


class CaseBoardOut(Schema):
    queues = fields.List(fields.Nested(QueueWaitOut))
    sla = fields.List(fields.Nested(SlaWatchOut))
    agents = fields.List(fields.Nested(AgentLoadOut))

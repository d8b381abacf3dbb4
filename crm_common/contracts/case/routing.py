"""Routing (K4): agents and their presence, assignments, rules and the weights of the keys
agents are compared by."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.case.vocabulary import CHANNELS, PRIORITIES, short_name, tier_list

PRESENCES = ("available", "away", "offline")
ROUTING_KEYS = ("skill", "language", "region", "efficiency", "load")

_skills = fields.Dict(
    keys=fields.Str(validate=short_name),
    values=fields.Int(validate=validate.Range(1, 5)),
    load_default=dict,
    metadata={"description": 'skill levels 1-5, e.g. {"billing": 3}'},
)
_names = fields.List(fields.Str(validate=short_name), load_default=list, validate=validate.Length(max=200))


class AssignIn(Schema):
    agent = fields.Str(required=True, validate=validate.Length(min=1, max=80))


class HandoverIn(Schema):
    """To a colleague (`agent`) or into a queue (`queue`, routed there anew): one of them."""

    agent = fields.Str(validate=validate.Length(min=1, max=80))
    queue = fields.Str(validate=short_name)

    @validates_schema
    def _one_of_them(self, data: dict[str, Any], **kwargs: object) -> None:
        if ("agent" in data) == ("queue" in data):
            raise ValidationError({"agent": "name an agent or a queue, one of them"})


class AgentIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True)
    mobile = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    capacity = fields.Int(load_default=10, validate=validate.Range(1, 1000))
    skills = _skills
    languages = _names
    regions = _names
    queues = fields.List(
        fields.Str(validate=short_name),
        load_default=list,
        metadata={"description": "queues served; empty: every queue"},
    )


class AgentOut(Schema):
    username = fields.Str()
    name = fields.Str()
    email = fields.Str(allow_none=True)
    mobile = fields.Str(allow_none=True)
    presence = fields.Str()
    capacity = fields.Int()
    open_cases = fields.Int()
    skills = fields.Dict()
    languages = fields.List(fields.Str())
    regions = fields.List(fields.Str())
    queues = fields.List(fields.Str())
    resolution_hours = fields.Float(allow_none=True, metadata={"description": "moving average: efficiency"})
    solved_count = fields.Int()
    last_assigned_at = fields.DateTime(allow_none=True)


class PresenceIn(Schema):
    presence = fields.Str(required=True, validate=validate.OneOf(PRESENCES))


class AssignmentOut(Schema):
    id = fields.Int()
    case_id = fields.Int()
    agent = fields.Str(allow_none=True)
    queue = fields.Str(allow_none=True)
    rule_id = fields.Int(allow_none=True)
    reason = fields.Str()
    assigned_by = fields.Str()
    created_at = fields.DateTime()


class PresenceOut(Schema):
    agent = fields.Nested(AgentOut)
    moved = fields.List(fields.Nested(AssignmentOut), metadata={"description": "cases routed by this change"})


class RuleConditions(Schema):
    keywords = fields.List(fields.Str(validate=validate.Length(min=1, max=80)), load_default=list)
    languages = _names
    regions = _names
    postcodes = fields.List(
        fields.Str(validate=validate.Length(min=1, max=12)),
        load_default=list,
        metadata={"description": "postcode prefixes"},
    )
    product_groups = _names
    channels = fields.List(fields.Str(validate=validate.OneOf(CHANNELS)), load_default=list)
    categories = _names
    tiers = tier_list
    priorities = fields.List(fields.Str(validate=validate.OneOf(PRIORITIES)), load_default=list)


class RuleIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    weight = fields.Int(load_default=10, validate=validate.Range(0, 1000))
    active = fields.Bool(load_default=True)
    conditions = fields.Nested(RuleConditions, load_default=dict)
    queue = fields.Str(load_default=None, allow_none=True, validate=short_name)
    agent = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    skills = _skills

    @validates_schema
    def _does_something(self, data: dict[str, Any], **kwargs: object) -> None:
        if not (data.get("queue") or data.get("agent") or data.get("skills")):
            raise ValidationError({"queue": "a rule needs a queue, an agent or skills"})


class RuleOut(Schema):
    id = fields.Int()
    name = fields.Str()
    weight = fields.Int()
    active = fields.Bool()
    conditions = fields.Dict()
    queue = fields.Str(allow_none=True)
    agent = fields.Str(allow_none=True)
    skills = fields.Dict()


class WeightsIn(Schema):
    """How much each key counts when agents are compared."""

    skill = fields.Float(validate=validate.Range(0, 100))
    language = fields.Float(validate=validate.Range(0, 100))
    region = fields.Float(validate=validate.Range(0, 100))
    efficiency = fields.Float(validate=validate.Range(0, 100))
    # marshmallow takes declared fields out of the class, so Schema.load stays the method
    load = fields.Float(validate=validate.Range(0, 100))  # type: ignore[assignment]

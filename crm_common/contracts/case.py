"""Shapes of cases, their journal, routing and service levels (K1–K5)."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from crm_common.contracts.tiers import TIERS

CHANNELS = ("phone", "email", "web", "sms", "chat", "fax", "letter", "visit")
INBOUND_CHANNELS = ("sms", "chat", "web")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("open", "pending", "solved", "closed")
PRESENCES = ("available", "away", "offline")
VISIBILITIES = ("public", "internal")
SLA_TARGETS = ("first_response", "next_response", "resolution")
SLA_ACTIONS = ("notify_email", "notify_sms", "raise_priority", "reassign")
ROUTING_KEYS = ("skill", "language", "region", "efficiency", "load")

_name = validate.Length(min=1, max=60)
_skills = fields.Dict(
    keys=fields.Str(validate=_name),
    values=fields.Int(validate=validate.Range(1, 5)),
    load_default=dict,
    metadata={"description": 'skill levels 1-5, e.g. {"billing": 3}'},
)
_tiers = fields.List(fields.Str(validate=validate.OneOf(TIERS)), load_default=list)
_names = fields.List(fields.Str(validate=_name), load_default=list, validate=validate.Length(max=200))


class CaseCreate(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=20000))
    channel = fields.Str(load_default="phone", validate=validate.OneOf(CHANNELS))
    priority = fields.Str(load_default="normal", validate=validate.OneOf(PRIORITIES))
    category = fields.Str(load_default=None, allow_none=True, validate=_name)
    product_group = fields.Str(load_default=None, allow_none=True, validate=_name)
    assignee = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "give it to this agent instead of routing it"},
    )


class CaseOut(Schema):
    id = fields.Int()
    number = fields.Str(metadata={"description": "the number the customer quotes, e.g. 2026-000042"})
    customer_id = fields.Int(
        allow_none=True, metadata={"description": "empty while the sender waits in review"}
    )
    review_id = fields.Int(allow_none=True)
    sender_name = fields.Str(allow_none=True)
    sender_address = fields.Str(allow_none=True)
    subject = fields.Str()
    description = fields.Str()
    channel = fields.Str()
    priority = fields.Str()
    status = fields.Str()
    category = fields.Str(allow_none=True)
    product_group = fields.Str(allow_none=True)
    language = fields.Str(allow_none=True)
    region = fields.Str(allow_none=True)
    tier = fields.Str(allow_none=True)
    queue = fields.Str(allow_none=True)
    assignee = fields.Str(allow_none=True)
    opened_by = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    first_response_at = fields.DateTime(allow_none=True)
    solved_at = fields.DateTime(allow_none=True)
    sla_policy_id = fields.Int(allow_none=True)
    first_response_due = fields.DateTime(allow_none=True)
    next_response_due = fields.DateTime(allow_none=True)
    resolution_due = fields.DateTime(allow_none=True)
    paused_at = fields.DateTime(allow_none=True, metadata={"description": "set while the SLA clock waits"})
    breaches = fields.List(fields.Str(), metadata={"description": "SLA targets missed"})


class AttachmentOut(Schema):
    id = fields.Int()
    filename = fields.Str()
    content_type = fields.Str()
    size = fields.Int()


class JournalEntryOut(Schema):
    id = fields.Int()
    case_id = fields.Int()
    kind = fields.Str(metadata={"description": "message, note, status, assignment or sla"})
    direction = fields.Str(allow_none=True, metadata={"description": "in or out, for messages"})
    channel = fields.Str(allow_none=True)
    visibility = fields.Str()
    author = fields.Str()
    subject = fields.Str(allow_none=True)
    body = fields.Str()
    message_id = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut))


class ReplyIn(Schema):
    body = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=50000),
        metadata={"description": "the answer; with a template: only what is new (its `text`)"},
    )
    template_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    order_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the customer's order the template may speak of"},
    )
    then = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(("open", "pending", "solved", "closed")),
        metadata={"description": "the status after the reply, e.g. pending (waiting for the customer)"},
    )


class CaseNoteIn(Schema):
    body = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    visibility = fields.Str(load_default="internal", validate=validate.OneOf(VISIBILITIES))


class StatusIn(Schema):
    status = fields.Str(required=True, validate=validate.OneOf(STATUSES))


class AssignIn(Schema):
    agent = fields.Str(required=True, validate=validate.Length(min=1, max=80))


class LinkCustomerIn(Schema):
    customer_id = fields.Int(required=True, validate=validate.Range(1, None))


class InboundMessageIn(Schema):
    """A message from an SMS, chat or web-form gateway."""

    channel = fields.Str(required=True, validate=validate.OneOf(INBOUND_CHANNELS))
    sender = fields.Str(
        required=True,
        validate=validate.Length(min=3, max=254),
        metadata={"description": "a phone number (sms) or an e-mail address (chat, web)"},
    )
    sender_name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    subject = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    message_id = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "the provider's id: a retried delivery with the same id journals once"},
    )
    sent_at = fields.DateTime(load_default=None, allow_none=True)

    @validates_schema
    def _sender_fits_channel(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("channel") in ("chat", "web") and "@" not in data.get("sender", ""):
            raise ValidationError({"sender": "chat and web messages need the sender's e-mail address"})


class InboundOut(Schema):
    case = fields.Nested(CaseOut)
    entry_id = fields.Int()
    opened = fields.Bool(metadata={"description": "a new case was opened for it"})
    duplicate = fields.Bool(metadata={"description": "this message had been received before"})


class AgentIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True)
    mobile = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    capacity = fields.Int(load_default=10, validate=validate.Range(1, 1000))
    skills = _skills
    languages = _names
    regions = _names
    queues = fields.List(
        fields.Str(validate=_name),
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
    tiers = _tiers
    priorities = fields.List(fields.Str(validate=validate.OneOf(PRIORITIES)), load_default=list)


class RuleIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    weight = fields.Int(load_default=10, validate=validate.Range(0, 1000))
    active = fields.Bool(load_default=True)
    conditions = fields.Nested(RuleConditions, load_default=dict)
    queue = fields.Str(load_default=None, allow_none=True, validate=_name)
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


class CalendarIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    timezone = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    country = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(equal=2),
        metadata={"description": "whose public holidays close the calendar"},
    )
    hours = fields.Dict(
        required=True,
        metadata={"description": 'opening hours per weekday: {"mon": [["08:00", "17:00"]], ...}'},
    )
    closed_days = fields.List(fields.Date(), load_default=list)

    @validates("timezone")
    def _zone(self, value: str, **kwargs: object) -> None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError("not a time zone (e.g. Europe/Stockholm)") from None

    @validates("country")
    def _country(self, value: str | None, **kwargs: object) -> None:
        if value is not None and value.upper() not in holidays.list_supported_countries():
            raise ValidationError("no holiday register for this country")


class CalendarOut(Schema):
    id = fields.Int()
    name = fields.Str()
    timezone = fields.Str()
    country = fields.Str(allow_none=True)
    hours = fields.Dict()
    closed_days = fields.List(fields.Str())


class EscalationStep(Schema):
    target = fields.Str(required=True, validate=validate.OneOf(SLA_TARGETS))
    minutes_before = fields.Int(
        load_default=0,
        validate=validate.Range(0, 100000),
        metadata={"description": "business minutes before the breach; 0 is at the breach"},
    )
    actions = fields.List(
        fields.Str(validate=validate.OneOf(SLA_ACTIONS)), required=True, validate=validate.Length(min=1)
    )
    email_to = fields.List(
        fields.Email(), load_default=list, metadata={"description": "default: the case's agent"}
    )
    sms_to = fields.List(fields.Str(validate=validate.Length(min=3, max=40)), load_default=list)
    queue = fields.Str(load_default=None, allow_none=True, validate=_name)

    @validates_schema
    def _reassign_needs_queue(self, data: dict[str, Any], **kwargs: object) -> None:
        if "reassign" in data.get("actions", []) and not data.get("queue"):
            raise ValidationError({"queue": "reassign needs the queue to move the case to"})


class SlaPolicyIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    tiers = _tiers
    priorities = fields.List(fields.Str(validate=validate.OneOf(PRIORITIES)), load_default=list)
    rank = fields.Int(load_default=100, validate=validate.Range(0, 10000))
    calendar_id = fields.Int(required=True, validate=validate.Range(1, None))
    first_response_minutes = fields.Int(required=True, validate=validate.Range(1, 10**6))
    next_response_minutes = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, 10**6))
    resolution_minutes = fields.Int(required=True, validate=validate.Range(1, 10**7))
    escalations = fields.List(fields.Nested(EscalationStep), load_default=list)

    @validates_schema
    def _steps_fit(self, data: dict[str, Any], **kwargs: object) -> None:
        for i, step in enumerate(data.get("escalations", [])):
            if step["target"] == "next_response" and not data.get("next_response_minutes"):
                raise ValidationError({"escalations": f"step {i}: the policy has no next-response target"})


class SlaPolicyOut(Schema):
    id = fields.Int()
    name = fields.Str()
    tiers = fields.List(fields.Str())
    priorities = fields.List(fields.Str())
    rank = fields.Int()
    calendar_id = fields.Int()
    first_response_minutes = fields.Int()
    next_response_minutes = fields.Int(allow_none=True)
    resolution_minutes = fields.Int()
    escalations = fields.List(fields.Dict())


class FaqIn(Schema):
    question = fields.Str(required=True, validate=validate.Length(min=3, max=300))
    answer = fields.Str(required=True, validate=validate.Length(min=1, max=50000))
    language = fields.Str(load_default="sv", validate=validate.Length(min=2, max=8))
    industry = fields.Str(load_default=None, allow_none=True, validate=_name)
    product = fields.Str(load_default=None, allow_none=True, validate=_name)
    problem = fields.Str(load_default=None, allow_none=True, validate=_name)
    published = fields.Bool(load_default=True)
    source_case_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the solved case the answer comes from"},
    )


class FaqOut(Schema):
    id = fields.Int()
    question = fields.Str()
    answer = fields.Str()
    language = fields.Str()
    industry = fields.Str(allow_none=True)
    product = fields.Str(allow_none=True)
    problem = fields.Str(allow_none=True)
    published = fields.Bool()
    source_case_id = fields.Int(allow_none=True)
    author = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    score = fields.Float(
        allow_none=True, metadata={"description": "how well it matches the search (higher is better)"}
    )


class PortalFaqOut(Schema):
    """An FAQ answer as a customer sees it: not who wrote it, nor the case it came from
    (another customer's)."""

    id = fields.Int()
    question = fields.Str()
    answer = fields.Str()
    language = fields.Str()
    industry = fields.Str(allow_none=True)
    product = fields.Str(allow_none=True)
    problem = fields.Str(allow_none=True)
    updated_at = fields.DateTime()
    score = fields.Float(allow_none=True)


class SimilarCaseOut(Schema):
    id = fields.Int()
    number = fields.Str()
    subject = fields.Str()
    status = fields.Str()
    solved_at = fields.DateTime(allow_none=True)
    score = fields.Float()
    solution = fields.Str(allow_none=True, metadata={"description": "the last answer the customer got"})


class SimilarOut(Schema):
    cases = fields.List(fields.Nested(SimilarCaseOut))
    faq = fields.List(fields.Nested(FaqOut))


class ReplyTemplateIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    language = fields.Str(load_default="sv", validate=validate.Length(min=2, max=8))
    category = fields.Str(load_default=None, allow_none=True, validate=_name)
    body = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=20000),
        metadata={
            "description": "Jinja2 text with customer.*, case.*, order.*, agent and text"
            " (the agent's own words)"
        },
    )


class ReplyTemplateOut(Schema):
    id = fields.Int()
    name = fields.Str()
    language = fields.Str()
    category = fields.Str(allow_none=True)
    body = fields.Str()


class RenderIn(Schema):
    template_id = fields.Int(required=True, validate=validate.Range(1, None))
    text = fields.Str(load_default="", validate=validate.Length(max=50000))
    order_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))


class RenderOut(Schema):
    body = fields.Str()


class CallTypeIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))


class CallTypeOut(Schema):
    id = fields.Int()
    name = fields.Str()


class CallRegistrationIn(Schema):
    call_type = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    call_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "the call as the PBX reported it, if it did"},
    )
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    agency = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "the external agency that took the call (commission)"},
    )
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    order_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    note = fields.Str(load_default="", validate=validate.Length(max=5000))


class CallRegistrationOut(Schema):
    id = fields.Int()
    call_type = fields.Str()
    call_id = fields.Int(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    agent = fields.Str()
    agency = fields.Str(allow_none=True)
    case_id = fields.Int(allow_none=True)
    order_id = fields.Int(allow_none=True)
    note = fields.Str()
    registered_at = fields.DateTime()


class CallCountOut(Schema):
    month = fields.Str()
    call_type = fields.Str()
    agent = fields.Str(metadata={"description": "with by=agent"})
    agency = fields.Str(allow_none=True, metadata={"description": "with by=agency"})
    calls = fields.Int()
    with_order = fields.Int()
    with_case = fields.Int()


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


AGENDA_KINDS = ("booking", "meeting", "task", "watch")


class AgendaItemIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(AGENDA_KINDS))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=5000))
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "a task's or watch's due time"})
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True)
    resource = fields.Str(
        load_default=None, allow_none=True, validate=_name, metadata={"description": "what a booking books"}
    )
    participants = fields.List(fields.Str(validate=validate.Length(min=1, max=80)), load_default=list)
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    at_login = fields.Bool(load_default=False, metadata={"description": "pops up at login once due"})
    remind_minutes_before = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, 366 * 24 * 60),
        metadata={"description": "a reminder by e-mail to the owner and participants"},
    )


class AgendaItemOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    description = fields.Str()
    owner = fields.Str()
    participants = fields.List(fields.Str())
    resource = fields.Str(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime(allow_none=True)
    customer_id = fields.Int(allow_none=True)
    case_id = fields.Int(allow_none=True)
    at_login = fields.Bool()
    done_at = fields.DateTime(allow_none=True)


class PersonalEntryIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(("mileage", "expense")))
    on_date = fields.Date(required=True)
    amount = fields.Decimal(
        required=True,
        places=2,
        as_string=True,
        validate=validate.Range(0, 10**9, min_inclusive=False),
        metadata={"description": "kilometres, or the expense's amount"},
    )
    currency = fields.Str(load_default=None, allow_none=True, validate=validate.Length(equal=3))
    description = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))


class PersonalEntryOut(Schema):
    id = fields.Int()
    owner = fields.Str()
    kind = fields.Str()
    on_date = fields.Date()
    amount = fields.Decimal(as_string=True)
    currency = fields.Str(allow_none=True)
    description = fields.Str()
    customer_id = fields.Int(allow_none=True)


class LetterIn(Schema):
    direction = fields.Str(required=True, validate=validate.OneOf(("in", "out")))
    counterpart = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "sender, or recipient"},
    )
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    on_date = fields.Date(required=True)
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    case_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    forwarded_to = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    department = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    reply_by = fields.Date(load_default=None, allow_none=True)
    remind_days_before = fields.Int(load_default=2, validate=validate.Range(0, 365))


class ForwardIn(Schema):
    forwarded_to = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    department = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    reply_by = fields.Date(allow_none=True)
    remind_days_before = fields.Int(load_default=2, validate=validate.Range(0, 365))

    @validates_schema
    def _somewhere(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data.get("forwarded_to") and not data.get("department"):
            raise ValidationError({"forwarded_to": "forward to a person or a department"})


class RepliedIn(Schema):
    replied_on = fields.Date(required=True)


class LetterOut(Schema):
    id = fields.Int()
    direction = fields.Str()
    counterpart = fields.Str()
    subject = fields.Str()
    on_date = fields.Date()
    customer_id = fields.Int(allow_none=True)
    case_id = fields.Int(allow_none=True)
    forwarded_to = fields.Str(allow_none=True)
    department = fields.Str(allow_none=True)
    reply_by = fields.Date(allow_none=True)
    replied_on = fields.Date(allow_none=True)
    registered_by = fields.Str()


class DocumentIn(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(("contract", "policy", "other")))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    customer_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(1, None))
    paper_location = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "where the original is kept, e.g. archive B, shelf 3"},
    )
    valid_from = fields.Date(load_default=None, allow_none=True)
    expires_on = fields.Date(load_default=None, allow_none=True)
    responsible = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    remind_days_before = fields.Int(load_default=30, validate=validate.Range(0, 3650))
    sla_policy_id = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, None),
        metadata={"description": "a contract's service level: the customer's cases get it while it runs"},
    )


class DocumentOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    customer_id = fields.Int(allow_none=True)
    paper_location = fields.Str(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    responsible = fields.Str()
    sla_policy_id = fields.Int(allow_none=True)


class CustomerMessageIn(Schema):
    """What a signed-in customer writes: a new inquiry (with a subject) or a comment."""

    subject = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=20000))


class PortalCaseOut(Schema):
    """A case as its customer sees it: what they asked and where it stands. Nothing of
    how we work it (queue, agent, priority, SLA, routing data, the review) is in it."""

    id = fields.Int()
    number = fields.Str(metadata={"description": "the number to quote, e.g. 2026-000042"})
    customer_id = fields.Int()
    subject = fields.Str()
    description = fields.Str()
    channel = fields.Str()
    status = fields.Str()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    solved_at = fields.DateTime(allow_none=True)


class PortalJournalEntryOut(Schema):
    """A public journal entry as the customer sees it: no agent's name, no Message-ID."""

    id = fields.Int()
    case_id = fields.Int()
    kind = fields.Str()
    direction = fields.Str(allow_none=True, metadata={"description": "in: from the customer"})
    channel = fields.Str(allow_none=True)
    visibility = fields.Str()
    subject = fields.Str(allow_none=True)
    body = fields.Str()
    created_at = fields.DateTime()
    attachments = fields.List(fields.Nested(AttachmentOut))


class CustomerCaseOut(Schema):
    case = fields.Nested(PortalCaseOut)
    journal = fields.List(
        fields.Nested(PortalJournalEntryOut), metadata={"description": "public entries only"}
    )


class PortalInboundOut(Schema):
    """What the customer's new inquiry or comment became."""

    case = fields.Nested(PortalCaseOut)
    entry_id = fields.Int()
    opened = fields.Bool(metadata={"description": "a new case was opened for it"})
    duplicate = fields.Bool()

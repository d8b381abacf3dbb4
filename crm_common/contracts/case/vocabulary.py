"""Words and fields more than one of the case contracts use: the channels a case comes by,
its priorities and statuses, and the name and tier lists rules and policies are written
with. A word one module alone uses lives in that module."""

from marshmallow import fields, validate

from crm_common.contracts.tiers import TIERS

CHANNELS = ("phone", "email", "web", "sms", "chat", "fax", "letter", "visit")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("open", "pending", "solved", "closed")

short_name = validate.Length(min=1, max=60)
"""A category, queue, product group, language or region: 1 to 60 characters."""

tier_list = fields.List(fields.Str(validate=validate.OneOf(TIERS)), load_default=list)
"""Customer tiers a rule or policy is written for; empty: every tier."""

"""The event every service publishes for the audit trail (crm_common/audit.py)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about

PUBLISHER = "every service"


class ActRecorded(Schema):
    """An act for the audit trail, recorded with the change it describes."""

    actor = fields.Str(required=True, allow_none=True, metadata=about("who acted; null: the system"))
    actor_role = fields.Str(
        required=True, allow_none=True, metadata=about("their role (agent, supervisor …)")
    )
    action = fields.Str(required=True, metadata=about("what was done (customer_updated, offer_made …)"))
    customer_id = fields.Int(
        strict=True, required=True, allow_none=True, metadata=about("the customer it concerns")
    )
    target = fields.Str(required=True, allow_none=True, metadata=about("what it was done to (`offer 12`)"))
    details = fields.Dict(
        keys=fields.Str(),
        required=True,
        metadata=about("the act's particulars, e.g. `changes`: [{field, old, new}]"),
    )


EVENTS: dict[str, type[Schema]] = {"act_recorded": ActRecorded}

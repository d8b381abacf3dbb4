"""The gateway's own shapes: logins, users, health and the 360° view."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_common.contracts.case.cases import CaseOut
from crm_common.contracts.case.wallboard import QueueWaitOut, SlaWatchOut
from crm_common.contracts.customer.addresses import AddressOut
from crm_common.contracts.customer.customers import CustomerOut
from crm_common.contracts.customer.log import LogEntryOut, NoteOut
from crm_common.contracts.messaging import MessageOut
from crm_common.contracts.order.after_sales import MembershipRenewalOut, TrackedDeliveryOut
from crm_common.contracts.order.credit import CreditOut
from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.offers import OfferOut
from crm_common.contracts.order.orders import OrderOut
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.contracts.order.servicing import DeviceOut
from crm_common.contracts.telephony import CallOut
from gateway.auth import MACHINES, ROLES


class TokenIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class TokenOut(Schema):
    access_token = fields.Str()
    token_type = fields.Str()
    expires_in = fields.Int()
    role = fields.Str()


class UserCreate(Schema):
    username = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9._@-]{2,80}$", error="2-80 letters, digits or . _ @ -"),
    )
    password = fields.Str(
        required=True, validate=validate.Length(min=10, max=200, error="at least 10 characters")
    )
    role = fields.Str(required=True, validate=validate.OneOf([r for r in ROLES if r not in MACHINES]))
    customer_id = fields.Int(allow_none=True, validate=validate.Range(1, None))
    extension = fields.Str(allow_none=True, validate=validate.Length(max=40))

    @validates_schema
    def _portal_user_has_customer(self, data: dict[str, Any], **kwargs: object) -> None:
        if data.get("role") == "customer" and not data.get("customer_id"):
            raise ValidationError("a customer login belongs to a customer", "customer_id")


class UserOut(Schema):
    id = fields.Int()
    username = fields.Str()
    role = fields.Str()
    customer_id = fields.Int(allow_none=True)
    extension = fields.Str(allow_none=True)
    disabled = fields.Function(
        lambda u: u.disabled_at is not None, metadata={"description": "may not log in"}
    )
    created_at = fields.DateTime()


class UsersPageOut(Schema):
    items = fields.List(fields.Nested(UserOut))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for the next page"})


class UserPatch(Schema):
    role = fields.Str(validate=validate.OneOf([r for r in ROLES if r not in MACHINES]))
    disabled = fields.Bool(metadata={"description": "true: no login, and its tokens stop working at once"})
    extension = fields.Str(allow_none=True, validate=validate.Length(max=40))


def _new_password(**extra: Any) -> fields.Str:
    return fields.Str(
        required=True, validate=validate.Length(min=10, max=200, error="at least 10 characters"), **extra
    )


class UserPasswordIn(Schema):
    password = _new_password(metadata={"description": "the account's other logins end"})


class OwnPasswordIn(Schema):
    old_password = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    new_password = _new_password(metadata={"description": "my other logins end; this one stays"})


class HealthOut(Schema):
    status = fields.Str(metadata={"description": "ok when every service answers, else degraded"})
    services = fields.Dict(
        keys=fields.Str(), values=fields.Str(), metadata={"description": "service → up | down"}
    )


def _section(schema: type[Schema], many: bool = False) -> fields.Raw:
    return fields.Raw(
        metadata={"description": f'{schema.__name__}{" list" if many else ""}, or the string "unavailable"'}
    )


def _newest(schema: type[Schema]) -> fields.Raw:
    return fields.Raw(
        metadata={
            "description": f'{{"items": the newest {schema.__name__}s, "more": older ones exist}}'
            ', or "unavailable"'
        }
    )


class OverviewOut(Schema):
    customer = _section(CustomerOut)
    address_history = _section(AddressOut, True)
    last_contact = fields.DateTime(allow_none=True)
    alerts = _section(LogEntryOut, True)
    notes = _section(NoteOut, True)
    orders = _section(OrderOut, True)
    cases = _section(CaseOut, True)
    calls = _section(CallOut, True)
    messages = _section(MessageOut, True)
    credit = _section(CreditOut)
    offers = _section(OfferOut, True)
    # after the sale: the order service's AfterSalesOut, a section per part
    deliveries = _newest(TrackedDeliveryOut)
    returns = _newest(ReturnOut)
    refunds = _newest(RefundOut)
    invoices = _newest(InvoiceOut)
    devices = _newest(DeviceOut)
    memberships = _newest(MembershipRenewalOut)
    prediction = fields.Raw(
        allow_none=True,
        metadata={"description": 'PredictionOut, null before the model has scored them, or "unavailable"'},
    )
    sections = fields.Dict(
        keys=fields.Str(), values=fields.Str(), metadata={"description": "section → ok | unavailable"}
    )


class WallboardOut(Schema):
    """The supervisors' wallboard: each part `unavailable` on its own when its service is."""

    queues = _section(QueueWaitOut, True)
    sla = _section(SlaWatchOut, True)
    agents = fields.Raw(
        metadata={
            "description": "AgentLoadOut list, each with `call` (CallOut or null: their call now), "
            'or "unavailable"'
        }
    )
    calls = _section(CallOut, True)
    sections = fields.Dict(
        keys=fields.Str(), values=fields.Str(), metadata={"description": "cases | calls → ok | unavailable"}
    )


class ZammadAck(Schema):
    """Zammad's CTI clients expect a JSON object; empty means carry on."""


class LoginLinkIn(Schema):
    email = fields.Email(required=True)


class LoginLinkSent(Schema):
    message = fields.Str()


class LinkTokenIn(Schema):
    token = fields.Str(required=True, validate=validate.Length(min=10, max=200))


class PasswordIn(Schema):
    password = fields.Str(
        required=True, validate=validate.Length(min=10, max=200, error="at least 10 characters")
    )


class PortalAddressIn(Schema):
    street = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postal_code = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    city = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    country = fields.Str(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="a two-letter ISO country code"))


class ProfileIn(Schema):
    phone = fields.Str(validate=validate.Length(min=3, max=40), metadata={"description": "my mobile number"})
    address = fields.Nested(PortalAddressIn, metadata={"description": "my postal address"})

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data:
            raise ValidationError("give a phone or an address", "_body")


class ProfileOut(Schema):
    id = fields.Int()
    name = fields.Str()
    phones = fields.List(fields.Dict())
    emails = fields.List(fields.Dict())
    addresses = fields.List(fields.Dict())
    newsletter = fields.Bool()
    has_password = fields.Bool(metadata={"description": "a password login exists"})
    login = fields.Str(allow_none=True, metadata={"description": "the name to log in with and a password"})


class NewsletterState(Schema):
    topic = fields.Str()
    subscribed = fields.Bool()


class NewslettersOut(Schema):
    newsletter = fields.Bool(metadata={"description": "I want marketing mail at all"})
    topics = fields.List(fields.Nested(NewsletterState))


class NewslettersIn(Schema):
    newsletter = fields.Bool()
    topics = fields.Dict(keys=fields.Str(validate=validate.Length(min=1, max=60)), values=fields.Bool())


class AuditEntryOut(Schema):
    id = fields.Int()
    at = fields.DateTime()
    actor = fields.Str(allow_none=True, metadata={"description": "who acted; null for the system"})
    actor_role = fields.Str(allow_none=True)
    action = fields.Str(metadata={"description": "what was done, e.g. login_failed, customer_changed"})
    customer_id = fields.Int(allow_none=True, metadata={"description": "whose data it concerned"})
    target = fields.Str(allow_none=True, metadata={"description": "what it was done to, e.g. user:4"})
    details = fields.Dict(metadata={"description": "e.g. changes: [{field, old, new}]"})
    address = fields.Str(allow_none=True, metadata={"description": "the client's IP address"})
    source = fields.Str(metadata={"description": "gateway, or the service the act happened in"})
    erased = fields.Bool(metadata={"description": "its personal values were blanked by an erasure"})


class AuditPageOut(Schema):
    items = fields.List(fields.Nested(AuditEntryOut))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for the next page"})

"""After the sale, for the 360° view and the portal: where the parcels are, what came
back and why, the money paid back, invoices, devices under warranty and memberships."""

from marshmallow import Schema, fields

from crm_common.contracts.order.deliveries import DeliveryOut
from crm_common.contracts.order.invoices import InvoiceOut
from crm_common.contracts.order.memberships import MembershipOut
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.contracts.order.servicing import DeviceOut


class TrackedDeliveryOut(DeliveryOut):
    tracking_url = fields.Str(
        allow_none=True, metadata={"description": "the carrier's tracking page; null for an unknown carrier"}
    )


class MembershipRenewalOut(MembershipOut):
    renews_on = fields.Date(
        allow_none=True, metadata={"description": "the next period starts; null when ended"}
    )


def _capped(name: str, schema: type[Schema]) -> fields.Nested:
    newest = Schema.from_dict(
        {
            "items": fields.List(fields.Nested(schema)),
            "more": fields.Bool(metadata={"description": "there are older ones than these"}),
        },
        name=name,
    )
    return fields.Nested(newest)


class AfterSalesOut(Schema):
    """Each part the newest few, newest first, `more` when there are older ones."""

    deliveries = _capped("NewestDeliveries", TrackedDeliveryOut)
    returns = _capped("NewestReturns", ReturnOut)
    refunds = _capped("NewestRefunds", RefundOut)
    invoices = _capped("NewestInvoices", InvoiceOut)
    devices = _capped("NewestDevices", DeviceOut)
    memberships = _capped("NewestMemberships", MembershipRenewalOut)


class DeliveriesPage(Schema):
    items = fields.List(fields.Nested(TrackedDeliveryOut))
    more = fields.Bool()


class ReturnsPage(Schema):
    items = fields.List(fields.Nested(ReturnOut))
    more = fields.Bool()


class DeliveriesPageOut(Schema):
    """A page of deliveries as the gateway answers it."""

    items = fields.List(fields.Nested(TrackedDeliveryOut))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for the next page"})


class ReturnsPageOut(Schema):
    """A page of returns as the gateway answers it."""

    items = fields.List(fields.Nested(ReturnOut))
    next_cursor = fields.Str(allow_none=True, metadata={"description": "pass as cursor for the next page"})

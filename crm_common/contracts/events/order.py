"""The events the order service publishes (exchange `order.events`)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about, every_field_present
from crm_common.contracts.order.deliveries import DeliveryOut
from crm_common.contracts.order.invoices import PaymentOut
from crm_common.contracts.order.memberships import MembershipOut
from crm_common.contracts.order.offers import OfferOut
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.contracts.order.servicing import ServiceJobOut as _ServiceJobOut

PUBLISHER = "order"


class OrderedLine(Schema):
    sku = fields.Str(required=True, metadata=about("the product"))
    quantity = fields.Int(strict=True, required=True, metadata=about("how many"))
    product_group = fields.Str(required=True, allow_none=True, metadata=about("the product's group"))


class OrderPlaced(Schema):
    """An order was booked (by an agent, on the web, from a quote)."""

    order_id = fields.Int(strict=True, required=True, metadata=about("the order"))
    customer_id = fields.Int(strict=True, required=True, metadata=about("who ordered"))
    status = fields.Str(required=True, metadata=about("placed, awaiting_approval, held_for_review …"))
    total = fields.Decimal(
        required=True, as_string=True, metadata=about("what the customer pays, VAT included")
    )
    currency = fields.Str(required=True, metadata=about("ISO 4217 code"))
    payment_method = fields.Str(required=True, allow_none=True, metadata=about("invoice, card, prepaid …"))
    source = fields.Str(required=True, metadata=about("agent, web or quote"))
    reference = fields.Str(required=True, allow_none=True, metadata=about("the source's own reference"))
    seller = fields.Str(required=True, allow_none=True, metadata=about("the agent who booked it"))
    placed_at = fields.DateTime(required=True, metadata=about("when, UTC"))
    lines = fields.List(fields.Nested(OrderedLine), required=True, metadata=about("what was bought"))


class OrderCancelled(Schema):
    """An order was cancelled before it shipped."""

    order_id = fields.Int(strict=True, required=True, metadata=about("the order"))
    customer_id = fields.Int(
        strict=True,
        required=True,
        allow_none=True,
        metadata=about("whose it was; null: held for review, then rejected"),
    )
    reason = fields.Str(required=True, metadata=about("why"))
    reference = fields.Str(required=True, allow_none=True, metadata=about("the source's own reference"))


@every_field_present
class OrderShipped(DeliveryOut):
    """A delivery left: the delivery as answered (DeliveryOut) and the skus it carries."""

    skus = fields.List(fields.Str(), required=True, metadata=about("the products in this delivery"))


class DeliveryDelayed(Schema):
    """A product's restock date moved later; an order waiting for it is told."""

    order_id = fields.Int(strict=True, required=True, metadata=about("the order that waits"))
    customer_id = fields.Int(strict=True, required=True, metadata=about("whose order"))
    skus = fields.List(fields.Str(), required=True, metadata=about("its lines that wait"))
    previous = fields.Date(required=True, allow_none=True, metadata=about("the date expected before"))
    expected_on = fields.Date(required=True, allow_none=True, metadata=about("the date expected now"))


@every_field_present
class PaymentReceived(PaymentOut):
    """A payment was registered (of an invoice, or in advance): PaymentOut."""

    order_released = fields.Bool(
        required=False, metadata=about("a payment in advance only: whether the order may now ship")
    )


@every_field_present
class ReturnReceived(ReturnOut):
    """Goods came back: the return as answered (ReturnOut) with its refund, if any."""


@every_field_present
class RefundPaid(RefundOut):
    """A refund was paid out: RefundOut."""


@every_field_present
class OfferMade(OfferOut):
    """An offer was made to a customer or to everyone: OfferOut."""

    offer_id = fields.Int(strict=True, required=True, metadata=about("the offer (as `id`)"))


class QuoteMade(Schema):
    """A quote was made for a customer."""

    quote_id = fields.Int(strict=True, required=True, metadata=about("the quote"))
    customer_id = fields.Int(strict=True, required=True, metadata=about("for whom"))


@every_field_present
class MembershipStarted(MembershipOut):
    """A customer joined a club or a subscription plan: MembershipOut with its plan."""


@every_field_present
class MembershipEnded(MembershipOut):
    """A customer left a club or a subscription plan: MembershipOut with its plan."""


@every_field_present
class ServiceJobOpened(_ServiceJobOut):
    """Service work on a device was opened: ServiceJobOut and the device's serial."""

    serial = fields.Str(required=True, metadata=about("the device's serial number"))


@every_field_present
class ServiceJobDone(_ServiceJobOut):
    """Service work on a device was finished with its final costs: ServiceJobOut."""


EVENTS: dict[str, type[Schema]] = {
    "order_placed": OrderPlaced,
    "order_cancelled": OrderCancelled,
    "order_shipped": OrderShipped,
    "delivery_delayed": DeliveryDelayed,
    "payment_received": PaymentReceived,
    "return_received": ReturnReceived,
    "refund_paid": RefundPaid,
    "offer_made": OfferMade,
    "quote_made": QuoteMade,
    "membership_started": MembershipStarted,
    "membership_ended": MembershipEnded,
    "service_job_opened": ServiceJobOpened,
    "service_job_done": ServiceJobDone,
}

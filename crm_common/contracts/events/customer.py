"""The events the customer service publishes (exchange `customer.events`)."""

from __future__ import annotations

from marshmallow import Schema, fields

from crm_common.contracts.events._fields import about

PUBLISHER = "customer"


class CustomerCreated(Schema):
    """A customer entered the register (created, approved from review, imported)."""

    customer_id = fields.Int(strict=True, required=True, metadata=about("the new customer"))
    kind = fields.Str(required=True, metadata=about("person or organisation"))
    name = fields.Str(required=True, metadata=about("the name shown for the customer"))
    phones = fields.List(fields.Str(), required=True, metadata=about("its phone numbers in E.164, sorted"))


class CustomerUpdated(Schema):
    """A customer's details changed (by an agent or in the portal)."""

    customer_id = fields.Int(strict=True, required=True, metadata=about("the customer changed"))
    fields_ = fields.List(
        fields.Str(), required=True, data_key="fields", metadata=about("the names of the fields sent, sorted")
    )
    name = fields.Str(required=True, metadata=about("the name shown for the customer now"))
    phones = fields.List(
        fields.Str(), metadata=about("its phone numbers in E.164, sorted: only when they changed")
    )


class CustomerMerged(Schema):
    """One customer was folded into another; the merged id now means the survivor."""

    survivor_id = fields.Int(strict=True, required=True, metadata=about("the customer that stays"))
    merged_id = fields.Int(strict=True, required=True, metadata=about("the customer folded into it"))


class ErasedContacts(Schema):
    emails = fields.List(fields.Str(), required=True, metadata=about("e-mail addresses, lower case"))
    phones = fields.List(fields.Str(), required=True, metadata=about("phone numbers in E.164"))


class CustomerErased(Schema):
    """A person's data was erased (GDPR art. 17); every service erases its part."""

    customer_id = fields.Int(strict=True, required=True, metadata=about("the person erased"))
    customer_ids = fields.List(
        fields.Int(strict=True), required=True, metadata=about("the person's id and the ids merged into it")
    )
    erased_at = fields.DateTime(required=True, metadata=about("when, UTC"))
    erased_by = fields.Str(required=True, metadata=about("who asked for the erasure"))
    reason = fields.Str(required=True, metadata=about("why"))
    until_published = fields.Nested(
        ErasedContacts,
        required=True,
        metadata=about("the addresses the person had, for finding what they sent; not kept once published"),
    )


class ReviewRequested(Schema):
    """A registration waits in the review queue (a look-alike or a flagged address)."""

    review_id = fields.Int(strict=True, required=True, metadata=about("the review queue item"))
    source = fields.Str(
        required=True, metadata=about("where the registration came from (web, import, case …)")
    )
    reference = fields.Str(required=True, allow_none=True, metadata=about("the source's own reference"))


class ReviewDecided(Schema):
    """A registration in the review queue was approved, merged or rejected."""

    review_id = fields.Int(strict=True, required=True, metadata=about("the review queue item"))
    status = fields.Str(required=True, metadata=about("approved, merged or rejected"))
    customer_id = fields.Int(
        strict=True,
        required=True,
        allow_none=True,
        metadata=about("the customer it became; null when rejected"),
    )
    source = fields.Str(required=True, metadata=about("where the registration came from"))
    reference = fields.Str(required=True, allow_none=True, metadata=about("the source's own reference"))


class ImportStarted(Schema):
    """A CSV import was queued; the customer service runs it on hearing this."""

    import_id = fields.Int(strict=True, required=True, metadata=about("the import job"))


class DuplicateScanStarted(Schema):
    """A scan of the register for duplicates was queued; run on hearing this."""

    scan_id = fields.Int(strict=True, required=True, metadata=about("the scan"))


EVENTS: dict[str, type[Schema]] = {
    "customer_created": CustomerCreated,
    "customer_updated": CustomerUpdated,
    "customer_merged": CustomerMerged,
    "customer_erased": CustomerErased,
    "review_requested": ReviewRequested,
    "review_decided": ReviewDecided,
    "import_started": ImportStarted,
    "duplicate_scan_started": DuplicateScanStarted,
}

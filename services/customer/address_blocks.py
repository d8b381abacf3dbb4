"""Address blocks (C3): places where new customers must not be taken on unseen — a postal
code, a range of them, a street in a town, or one exact address."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from crm_common.acting import Acting
from crm_common.audit import record_act
from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.customer.addresses import AddressBlockOut
from crm_common.errors import InvalidInput, NotFound
from services.customer import audit_trail
from services.customer.models import AddressBlock, OutboxMessage
from services.customer.postcodes import same_town
from services.customer.streets import postcode, street_and_house


def _length(column: str) -> int:
    """The declared length of one of the address_blocks table's String columns."""
    kind = AddressBlock.__table__.c[column].type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"address_blocks.{column} is not a String of a declared length")
    return kind.length


HOUSE_LENGTH = _length("house")
KEY_LENGTH = _length("street_key")


def create_block(session: Session, data: dict[str, Any], author: str, default_region: str) -> AddressBlock:
    code_from, code_to = postcode(data.get("postal_code")), postcode(data.get("postal_code_to"))
    if data["kind"] == "postcode_range" and (
        len(code_from) != len(code_to)
        or not (code_from.isdigit() and code_to.isdigit())
        or code_from > code_to
    ):
        raise InvalidInput(
            "a range runs from a lower to a higher code of the same form",
            {"postal_code_to": "not after postal_code"},
        )
    key, house = street_and_house(data.get("street"))
    if data["kind"] == "address" and not house:
        raise InvalidInput("an address block needs a house number", {"street": "no house number"})
    if len(house) > HOUSE_LENGTH or len(key) > KEY_LENGTH:  # a folded name can grow (æ → ae)
        raise InvalidInput("the street is longer than a block holds", {"street": "too long"})
    block = AddressBlock(
        kind=data["kind"],
        country=(data.get("country") or default_region).upper(),
        postcode_from=code_from or None,
        postcode_to=code_to or None,
        street=data.get("street"),
        street_key=key or None,
        house=house or None,
        city=data.get("city"),
        reason=data["reason"],
        created_by=author,
        created_at=utcnow(),
    )
    session.add(block)
    session.flush()
    return block


def list_blocks(session: Session) -> list[AddressBlock]:
    return list(session.scalars(select(AddressBlock).order_by(AddressBlock.id)))


def delete_block(session: Session, block_id: int) -> AddressBlock:
    """The block lifted (for the audit trail). Raises NotFound."""
    block = session.get(AddressBlock, block_id)
    if block is None:
        raise NotFound(f"address block {block_id} does not exist", {"block_id": "not found"})
    session.delete(block)
    return block


def blocking(
    session: Session, country: str, street: str | None, code: str | None, city: str | None
) -> list[AddressBlock]:
    """The blocks that cover this address."""
    key, house = street_and_house(street)
    compact = postcode(code)
    hits: list[AddressBlock] = []
    for block in session.scalars(select(AddressBlock).where(AddressBlock.country == country.upper())):
        if block.kind == "postcode":
            covered = compact == block.postcode_from
        elif block.kind == "postcode_range":  # create_block gives a range both its ends
            low, high = block.postcode_from or "", block.postcode_to or ""
            covered = len(compact) == len(low) and compact.isdigit() and low <= compact <= high
        elif block.kind == "street":
            covered = key == block.street_key and same_town(city or "", block.city or "")
        else:
            covered = (key, house, compact) == (block.street_key, block.house, block.postcode_from)
        if covered:
            hits.append(block)
    return hits


def block(session: Session, actor: Acting, data: dict[str, Any], author: str, region: str) -> dict[str, Any]:
    """A new block (AddressBlockIn, loaded), on the audit trail. Returns AddressBlockOut."""
    created = create_block(session, data, author, region)
    out: dict[str, Any] = dump(AddressBlockOut, created)
    found = audit_trail.field_changes({}, audit_trail.block_fields(created))
    _audit(session, actor, "address_block_created", created.id, found)
    return out


def lift(session: Session, actor: Acting, block_id: int) -> None:
    """Delete the block, on the audit trail. Raises NotFound."""
    described = audit_trail.block_fields(delete_block(session, block_id))
    found = audit_trail.field_changes(described, dict.fromkeys(described))
    _audit(session, actor, "address_block_deleted", block_id, found)


def _audit(session: Session, actor: Acting, action: str, block_id: int, found: list[dict[str, Any]]) -> None:
    record_act(
        session, OutboxMessage, actor, action, target=f"address block {block_id}", details={"changes": found}
    )

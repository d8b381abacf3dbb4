"""What an agent must see about the addresses of a new or changed customer: blocked
addresses (C3) and postal codes the register does not know or places elsewhere (C4)."""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy.orm import Session

from services.customer import address_blocks, postcodes


class AddressWarning(TypedDict):
    field: str  # addresses.0, addresses.0.postal_code, addresses.0.city
    code: str  # address_blocked | unknown_postal_code | town_mismatch
    block_id: int | None
    expected: str | None
    message: str


def warnings(
    session: Session, addresses: list[dict[str, Any]] | None, default_country: str
) -> list[AddressWarning]:
    """What to warn about in `addresses` (a request's, schema-checked; None: none given)."""
    out: list[AddressWarning] = []
    for i, a in enumerate(addresses or []):
        country = (a.get("country") or default_country).upper()
        for block in address_blocks.blocking(session, country, a["street"], a["postal_code"], a["city"]):
            out.append(
                {
                    "field": f"addresses.{i}",
                    "code": "address_blocked",
                    "block_id": block.id,
                    "expected": None,
                    "message": f"blocked ({block.kind}): {block.reason}",
                }
            )
        problem = postcodes.check(country, a["postal_code"], a["city"])
        if problem:
            field = "postal_code" if problem["code"] == "unknown_postal_code" else "city"
            out.append({"field": f"addresses.{i}.{field}", "block_id": None, **problem})
    return out

"""What an agent must see about the addresses of a new or changed customer: blocked
addresses (C3) and postal codes the register does not know or places elsewhere (C4)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.customer import address_blocks, postcodes


def warnings(session: Session, addresses: list[dict], default_country: str) -> list[dict]:
    out = []
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

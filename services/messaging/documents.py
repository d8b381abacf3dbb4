"""Documents as PDF (M6): a letter-channel template — a quote, a contract, a statement —
filled with the values given and the customer's name and address, rendered like a
letter, handed back rather than sent."""

from __future__ import annotations

import base64
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy.orm import Session

from services.messaging import letters, templates


def render(
    session: Session, template: str, values: dict[str, Any], customer: dict[str, Any] | None, sender: str
) -> bytes:
    chosen = templates.choose(session, template, (customer or {}).get("language"), "letter")
    person = {k: (customer or {}).get(k) for k in ("id", "name", "given_name", "family_name")}
    filled = templates.render(
        session, chosen, {**values, "customer": {**person, "name": person["name"] or ""}}
    )
    address = letters.address_block(customer) or (customer or {}).get("name") or ""
    today: date = datetime.now(timezone.utc).date()
    return letters.pdf_of(
        sender.split("<")[0].strip() or sender, address, filled["subject"], filled["body"], today
    )


def as_file(
    session: Session, template: str, values: dict[str, Any], customer: dict[str, Any] | None, sender: str
) -> dict[str, str]:
    """The document (render's) as a file to hand over: {"filename": "<template>.pdf",
    "content": the PDF in base64}. Nothing is sent or logged."""
    pdf = render(session, template, values, customer, sender)
    return {"filename": f"{template}.pdf", "content": base64.b64encode(pdf).decode()}

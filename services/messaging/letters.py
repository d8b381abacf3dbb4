"""Letters as PDF (M6): a message on the `letter` channel becomes a printable page with
the sender, the recipient's postal address in the window position, the date, the
subject and the text. Written with fpdf2; DejaVu Sans where the system has it (every
script), else the PDF core font (Latin-1, other characters replaced)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fpdf import FPDF

FONT_FILES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
]


def pdf_of(sender: str, address: str, subject: str, body: str, on: date) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    family, clean = _font(pdf)
    pdf.set_font(family, size=9)
    pdf.set_xy(20, 15)
    pdf.multi_cell(90, 4.5, clean(sender))
    pdf.set_font(family, size=11)
    pdf.set_xy(110, 45)  # a C5 window envelope's address field
    pdf.multi_cell(80, 5.5, clean(address))
    pdf.set_xy(110, 80)
    pdf.cell(80, 6, on.isoformat())
    pdf.set_xy(20, 95)
    pdf.set_font(family, size=13)
    pdf.multi_cell(170, 7, clean(subject))
    pdf.ln(4)
    pdf.set_font(family, size=11)
    pdf.set_x(20)
    pdf.multi_cell(170, 5.5, clean(body))
    return bytes(pdf.output())


def _font(pdf: FPDF) -> tuple[str, Callable[[str], str]]:
    for path in FONT_FILES:
        if path.exists():
            pdf.add_font("DejaVu", fname=str(path))
            return "DejaVu", lambda text: text
    return "Helvetica", lambda text: text.encode("latin-1", "replace").decode("latin-1")


def address_block(customer: dict[str, Any] | None) -> str | None:
    """The customer's name and current postal address, as it goes on the envelope."""
    if not customer:
        return None
    current = [a for a in customer.get("addresses") or [] if a.get("postal_code")]
    if not current:
        return None
    a = current[0]
    lines = [
        customer.get("name") or "",
        a.get("street") or "",
        f"{a.get('postal_code', '')} {a.get('city') or ''}",
    ]
    if a.get("country") and a.get("country") != customer.get("country", a.get("country")):
        lines.append(a["country"])
    return "\n".join(line.strip() for line in lines if line.strip())

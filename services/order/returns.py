"""Returns and refunds (O6): goods come back with a reason, go back on the shelf when fit
to sell, and are credited; what the customer had already paid for them is refunded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.storage import transition
from services.order import invoicing, stock
from services.order.models import Delivery, Order, Refund, Return
from services.order.money import money


def _share(line, count: int, currency: str) -> Decimal:
    """What `count` of the line's units cost, so that returning all units one by one adds
    up to the line total exactly."""
    return money(line.line_total * count / line.quantity, currency)


def receive_return(session: Session, order: Order, data: dict, day: date) -> tuple[Return, Refund | None]:
    by_sku = {line.sku: line for line in order.lines}
    problems = {}
    for i, item in enumerate(data["lines"]):
        line = by_sku.get(item["sku"])
        if line is None or not line.shipped:
            problems[f"lines.{i}.sku"] = "not shipped on this order"
        elif item["quantity"] > line.quantity - line.returned_quantity:
            problems[f"lines.{i}.quantity"] = (
                f"at most {line.quantity - line.returned_quantity} can come back"
            )
    if problems:
        raise InvalidInput("the return does not match what was shipped", problems)
    per_invoice: dict[int, list[dict]] = {}
    returned = []
    for item in data["lines"]:
        line = by_sku[item["sku"]]
        amount = _share(line, line.returned_quantity + item["quantity"], order.currency) - _share(
            line, line.returned_quantity, order.currency
        )
        line.returned_quantity += item["quantity"]
        if item.get("restock", True):
            stock.put_back(session, line.product_id, item["quantity"])
        invoice_id = session.scalar(select(Delivery.invoice_id).where(Delivery.id == line.delivery_id))
        entry = {
            "sku": line.sku,
            "name": line.name,
            "quantity": item["quantity"],
            "reason": item["reason"],
            "line_total": str(amount),
            "vat_rate": str(line.vat_rate),
        }
        per_invoice.setdefault(invoice_id, []).append(entry)
        returned.append(entry)
    to_refund, notes = Decimal("0.00"), []
    for invoice_id, lines in per_invoice.items():
        note, paid_part = invoicing.credit(
            session, invoicing.get_invoice(session, invoice_id, lock=True), lines, day
        )
        notes.append(note)
        to_refund += paid_part
    refund = None
    if to_refund > 0:
        refund = Refund(
            customer_id=order.customer_id,
            order_id=order.id,
            amount=to_refund,
            currency=order.currency,
            reason="returned goods",
            status="pending",
            created_at=utcnow(),
        )
        session.add(refund)
        session.flush()
    record = Return(
        order_id=order.id,
        customer_id=order.customer_id,
        lines=returned,
        amount=sum((Decimal(x["line_total"]) for x in returned), Decimal("0.00")),
        credit_note_id=notes[0].id if notes else None,
        refund_id=refund.id if refund else None,
        created_at=utcnow(),
    )
    session.add(record)
    session.flush()
    return record, refund


def pay_refund(session: Session, refund_id: int, by: str | None) -> Refund:
    refund = session.get(Refund, refund_id, with_for_update=True)
    if refund is None:
        raise NotFound(f"refund {refund_id} does not exist", {"refund_id": "not found"})
    if not transition(session, Refund, refund_id, "status", "pending", "paid"):
        session.refresh(refund)
        raise Conflict(
            f"refund {refund_id} was paid on {refund.paid_at:%Y-%m-%d}", {"refund_id": "already paid"}
        )
    refund.paid_at, refund.paid_by = utcnow(), by
    session.flush()
    return refund


def refunds_of(session: Session, customer_id: int) -> list[Refund]:
    return list(
        session.scalars(select(Refund).where(Refund.customer_id == customer_id).order_by(Refund.id.desc()))
    )

"""Returns and refunds (O6): goods come back with a reason, go back on the shelf when fit
to sell, and are credited; what the customer had already paid for them is refunded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.returns import RefundOut, ReturnOut
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from crm_common.storage import transition
from services.order import invoicing, ordering, stock
from services.order.models import Delivery, Invoice, Order, OrderLine, OutboxMessage, Refund, Return
from services.order.money import money


def take_back(session: Session, order_id: int, data: dict[str, Any], day: date) -> dict[str, Any]:
    """Goods came back (ReturnIn): restocked unless unfit, credited, what was paid for
    them refunded; `return_received` recorded. Answers ReturnOut with the refund."""
    received, refund = receive_return(session, ordering.get_order(session, order_id, lock=True), data, day)
    out = return_received(received, refund)
    record(session, OutboxMessage, "return_received", out)
    return out


def return_received(received: Return, refund: Refund | None) -> dict[str, Any]:
    """The `return_received` event, and the answer: the return with its refund (or None)."""
    out = dump(ReturnOut, received)
    out["refund"] = dump(RefundOut, refund) if refund else None
    return out


def pay_out(session: Session, refund_id: int, by: str | None) -> dict[str, Any]:
    """Mark the refund paid; `refund_paid` recorded. Answers RefundOut."""
    out = dump(RefundOut, pay_refund(session, refund_id, by))
    record(session, OutboxMessage, "refund_paid", out)
    return out


def _share(line: OrderLine, count: int, currency: str) -> Decimal:
    """What `count` of the line's units cost, so that returning all units one by one adds
    up to the line total exactly."""
    return money(line.line_total * count / line.quantity, currency)


def receive_return(
    session: Session, order: Order, data: dict[str, Any], day: date
) -> tuple[Return, Refund | None]:
    """The return (ReturnIn) of shipped lines: restocked unless unfit, a credit note per
    invoice they were on, and a refund of what had been paid for them. InvalidInput when
    it does not match what was shipped."""
    by_sku = {line.sku: line for line in order.lines}
    _check(data["lines"], by_sku)
    per_invoice: dict[int, list[dict[str, Any]]] = {}
    returned = []
    for item in data["lines"]:
        line = by_sku[item["sku"]]
        entry = _take_back_line(session, line, item, order.currency)
        invoice_id = session.scalar(select(Delivery.invoice_id).where(Delivery.id == line.delivery_id))
        if invoice_id is None:  # a delivery is invoiced as it ships: never without an invoice
            raise Conflict(
                f"the delivery of {line.sku} has no invoice", {"lines": f"{line.sku} not invoiced"}
            )
        per_invoice.setdefault(invoice_id, []).append(entry)
        returned.append(entry)
    notes, to_refund = _credit(session, per_invoice, day)
    refund = _refund(session, order, to_refund)
    row = Return(
        order_id=order.id,
        customer_id=order.customer_id,
        lines=returned,
        amount=sum((Decimal(x["line_total"]) for x in returned), Decimal("0.00")),
        credit_note_id=notes[0].id if notes else None,
        refund_id=refund.id if refund else None,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row, refund


def _check(items: list[dict[str, Any]], by_sku: dict[str, OrderLine]) -> None:
    """InvalidInput naming each returned line that was not shipped or is too many."""
    problems = {}
    for i, item in enumerate(items):
        line = by_sku.get(item["sku"])
        if line is None or not line.shipped:
            problems[f"lines.{i}.sku"] = "not shipped on this order"
        elif item["quantity"] > line.quantity - line.returned_quantity:
            problems[f"lines.{i}.quantity"] = (
                f"at most {line.quantity - line.returned_quantity} can come back"
            )
    if problems:
        raise InvalidInput("the return does not match what was shipped", problems)


def _take_back_line(session: Session, line: OrderLine, item: dict[str, Any], currency: str) -> dict[str, Any]:
    """The units come back onto the line (and the shelf, unless unfit); the entry the
    credit note and the return carry for them."""
    amount = _share(line, line.returned_quantity + item["quantity"], currency) - _share(
        line, line.returned_quantity, currency
    )
    line.returned_quantity += item["quantity"]
    if item.get("restock", True):
        stock.put_back(session, line.product_id, item["quantity"])
    return {
        "sku": line.sku,
        "name": line.name,
        "quantity": item["quantity"],
        "reason": item["reason"],
        "line_total": str(amount),
        "vat_rate": str(line.vat_rate),
    }


def _credit(
    session: Session, per_invoice: dict[int, list[dict[str, Any]]], day: date
) -> tuple[list[Invoice], Decimal]:
    """A credit note per invoice; the notes and what the customer had already paid."""
    to_refund, notes = Decimal("0.00"), []
    for invoice_id, lines in per_invoice.items():
        note, paid_part = invoicing.credit(
            session, invoicing.get_invoice(session, invoice_id, lock=True), lines, day
        )
        notes.append(note)
        to_refund += paid_part
    return notes, to_refund


def _refund(session: Session, order: Order, amount: Decimal) -> Refund | None:
    """A pending refund of `amount` to the customer, when there is anything to refund."""
    if amount <= 0:
        return None
    refund = Refund(
        customer_id=order.customer_id,
        order_id=order.id,
        amount=amount,
        currency=order.currency,
        reason="returned goods",
        status="pending",
        created_at=utcnow(),
    )
    session.add(refund)
    session.flush()
    return refund


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

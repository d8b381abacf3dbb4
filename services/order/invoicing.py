"""Invoices, credit notes and payments (O6).

An invoice is issued for what each delivery ships (the delivery fee on the first one). A
prepaid order's invoices are settled from what was paid in advance. A credit note takes a
returned amount off its invoice; whatever the customer has then paid beyond what they
owe becomes a refund to pay out.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.invoices import InvoiceOut, PaymentOut
from crm_common.contracts.order.orders import OrderOut
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from services.order import ordering
from services.order.models import Invoice, Order, OrderLine, OutboxMessage, Payment, Refund
from services.order.money import vat_by_rate
from services.order.rules import PREPAID_METHODS, OrderRules


def pay_in_advance(session: Session, order_id: int, data: dict[str, Any], by: str | None) -> dict[str, Any]:
    """A payment in advance of the order (PaymentIn), `payment_received` recorded with
    whether it released the order to ship. Answers {"payment", "order"}."""
    order = ordering.get_order(session, order_id, lock=True)
    payment, released = pay_order(session, order, data, by)
    out = dump(PaymentOut, payment)
    record(session, OutboxMessage, "payment_received", payment_received(out, released))
    return {"payment": out, "order": dump(OrderOut, order)}


def register_payment(
    session: Session, invoice_id: int, data: dict[str, Any], by: str | None
) -> dict[str, Any]:
    """A payment of the invoice (PaymentIn), `payment_received` recorded. Answers
    {"payment", "invoice"}."""
    invoice = get_invoice(session, invoice_id, lock=True)
    out = dump(PaymentOut, pay_invoice(session, invoice, data, by))
    record(session, OutboxMessage, "payment_received", payment_received(out))
    return {"payment": out, "invoice": dump(InvoiceOut, invoice)}


def payment_received(out: dict[str, Any], order_released: bool | None = None) -> dict[str, Any]:
    """The `payment_received` event: the payment as answered; for a payment in advance,
    also whether the order may now ship."""
    return out if order_released is None else {**out, "order_released": order_released}


def _document_lines(lines: list[OrderLine]) -> list[dict[str, Any]]:
    return [
        {
            "sku": line.sku,
            "name": line.name,
            "quantity": line.quantity,
            "unit_price": str(line.unit_price),
            "discount": str(line.discount),
            "line_total": str(line.line_total),
            "vat_rate": str(line.vat_rate),
        }
        for line in lines
    ]


def prepaid_left(session: Session, order: Order) -> Decimal:
    applied = session.execute(
        select(func.coalesce(func.sum(Invoice.paid), 0)).where(
            Invoice.order_id == order.id, Invoice.kind == "invoice"
        )
    ).scalar_one()
    return order.paid - Decimal(applied)


def issue_invoice(
    session: Session, order: Order, lines: list[OrderLine], with_fee: bool, rules: OrderRules, day: date
) -> Invoice:
    fee = order.delivery_fee if with_fee else Decimal("0.00")
    amounts = [(line.line_total, line.vat_rate) for line in lines]
    document = _document_lines(lines)
    if fee:
        amounts.append((fee, order.delivery_vat_rate))
        document.append(
            {
                "sku": None,
                "name": f"delivery ({order.delivery_method})",
                "quantity": 1,
                "unit_price": str(fee),
                "discount": "0.00",
                "line_total": str(fee),
                "vat_rate": str(order.delivery_vat_rate),
            }
        )
    amount = sum((a for a, _ in amounts), Decimal("0.00"))
    prepaid = order.payment_method in PREPAID_METHODS
    invoice = Invoice(
        kind="invoice",
        order_id=order.id,
        customer_id=order.customer_id,
        currency=order.currency,
        rate=order.rate,
        amount=amount,
        vat_total=sum(vat_by_rate(amounts, order.currency).values(), Decimal("0.00")),
        paid=min(amount, max(prepaid_left(session, order), Decimal(0))) if prepaid else Decimal("0.00"),
        credited=Decimal("0.00"),
        issued_on=day,
        due_on=day if prepaid else day + timedelta(days=rules.payment_terms_days),
        lines=document,
        created_at=utcnow(),
    )
    session.add(invoice)
    session.flush()
    return invoice


def credit(
    session: Session, invoice: Invoice, lines: list[dict[str, Any]], day: date
) -> tuple[Invoice, Decimal]:
    """A credit note for `lines` ({sku, name, quantity, line_total, vat_rate}) against
    `invoice`. Returns it and the part the customer had already paid (to refund)."""
    amount = sum((Decimal(line["line_total"]) for line in lines), Decimal("0.00"))
    owed_before = max(invoice.amount - invoice.paid - invoice.credited, Decimal(0))
    note = Invoice(
        kind="credit_note",
        order_id=invoice.order_id,
        customer_id=invoice.customer_id,
        refers_to_id=invoice.id,
        currency=invoice.currency,
        rate=invoice.rate,
        amount=amount,
        vat_total=sum(
            vat_by_rate(
                [(Decimal(x["line_total"]), Decimal(x["vat_rate"])) for x in lines], invoice.currency
            ).values(),
            Decimal("0.00"),
        ),
        paid=Decimal("0.00"),
        credited=Decimal("0.00"),
        issued_on=day,
        due_on=day,
        lines=lines,
        created_at=utcnow(),
    )
    invoice.credited = Invoice.credited + amount  # in SQL: no update lost to a concurrent one
    session.add(note)
    session.flush()
    return note, amount - min(amount, owed_before)


def get_invoice(session: Session, invoice_id: int, lock: bool = False) -> Invoice:
    invoice = session.get(Invoice, invoice_id, with_for_update=lock or None)
    if invoice is None:
        raise NotFound(f"invoice {invoice_id} does not exist", {"invoice_id": "not found"})
    return invoice


def invoices_of(session: Session, customer_id: int, limit: int = 50) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice).where(Invoice.customer_id == customer_id).order_by(Invoice.id.desc()).limit(limit)
        )
    )


def _payment(
    session: Session,
    customer_id: int,
    amount: Decimal,
    currency: str,
    data: dict[str, Any],
    by: str | None,
    order_id: int | None = None,
    invoice_id: int | None = None,
) -> Payment:
    payment = Payment(
        customer_id=customer_id,
        order_id=order_id,
        invoice_id=invoice_id,
        amount=amount,
        currency=currency,
        method=data["method"],
        reference=data.get("reference"),
        registered_by=by,
        created_at=utcnow(),
    )
    session.add(payment)
    return payment


def overpaid(
    session: Session, customer_id: int, order_id: int | None, amount: Decimal, currency: str
) -> Refund | None:
    if amount <= 0:
        return None
    refund = Refund(
        customer_id=customer_id,
        order_id=order_id,
        amount=amount,
        currency=currency,
        reason="paid more than owed",
        status="pending",
        created_at=utcnow(),
    )
    session.add(refund)
    return refund


def pay_order(session: Session, order: Order, data: dict[str, Any], by: str | None) -> tuple[Payment, bool]:
    """A payment in advance. Returns it and whether it released the order to ship."""
    customer_id = order.customer_id  # None only while held for review
    if (
        order.payment_method not in PREPAID_METHODS
        or order.status in ("cancelled", "held_for_review")
        or customer_id is None
    ):
        raise Conflict(
            f"order {order.id} is not waiting for a payment in advance; pay its invoice",
            {"order_id": f"{order.status}, paid by {order.payment_method}"},
        )
    amount = data["amount"]
    owed = order.total - order.paid
    take = min(amount, max(owed, Decimal(0)))
    payment = _payment(session, customer_id, amount, order.currency, data, by, order_id=order.id)
    order.paid = Order.paid + take  # in SQL: no update lost to a concurrent one
    overpaid(session, customer_id, order.id, amount - take, order.currency)
    session.flush()
    released = order.status == "awaiting_payment" and order.paid >= order.total
    if released:
        order.status = "placed"
    session.flush()
    return payment, released


def pay_invoice(session: Session, invoice: Invoice, data: dict[str, Any], by: str | None) -> Payment:
    if invoice.kind != "invoice":
        raise InvalidInput("a credit note is not paid", {"invoice_id": "a credit note"})
    owed = max(invoice.amount - invoice.paid - invoice.credited, Decimal(0))
    take = min(data["amount"], owed)
    payment = _payment(
        session, invoice.customer_id, data["amount"], invoice.currency, data, by, invoice_id=invoice.id
    )
    invoice.paid = Invoice.paid + take  # in SQL: no update lost to a concurrent one
    overpaid(session, invoice.customer_id, invoice.order_id, data["amount"] - take, invoice.currency)
    session.flush()
    return payment

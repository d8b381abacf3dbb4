"""Money is exact (O3, O4, O6): a worked example of discounts, delivery and VAT; offers used
once; prepayment and credit limit rules; delivery, invoice, payment, return, credit note,
refund; overdue by age."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.offers import OfferCreate
from crm_common.contracts.order.orders import OrderCreate
from crm_common.contracts.order.products import ProductCreate
from crm_common.errors import Conflict, InvalidInput
from services.order import catalogue, credit, fulfilment, invoicing, offers, ordering, returns
from services.order.models import Base
from services.order.money import money, spread, vat_by_rate
from services.order.rules import OrderRules

TODAY = date(2026, 11, 24)
RULES = OrderRules(
    prepayment_above=Decimal("5000.00"), credit_limit=Decimal("2000.00"), payment_terms_days=30
)
D = Decimal


def customer(cid=1, **terms):
    return {"id": cid, "credit_limit": None, "discount_percent": None, **terms}


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        for p in (
            {"sku": "SPADE", "name": "Spade", "price": "349.00", "stock_on_hand": 100},
            {
                "sku": "BOOK",
                "name": "Garden book",
                "price": "199.00",
                "vat_rate": "6.00",
                "stock_on_hand": 100,
            },
            {"sku": "HOSE", "name": "Hose", "price": "89.00", "stock_on_hand": 0},
            {"sku": "MOWER", "name": "Mower", "price": "5990.00", "stock_on_hand": 3},
        ):
            catalogue.create_product(session, load(ProductCreate(), p))
        catalogue.create_delivery_method(
            session, {"code": "post", "name": "Post", "price": D("49.00"), "vat_rate": D(25)}, "SEK"
        )
    return uow


def offer(uow, **data):
    base = {"customer_id": 1, "description": "offer", "valid_from": "2026-11-01", "valid_until": "2026-12-31"}
    with uow.transaction() as session:
        return offers.make_offer(session, load(OfferCreate(), {**base, **data}))


def order(uow, *lines, cid=1, terms=None, **extra):
    data = load(
        OrderCreate(), {"customer_id": cid, "lines": [{"sku": s, "quantity": q} for s, q in lines], **extra}
    )
    with uow.transaction() as session:
        return ordering.place_order(session, terms or customer(cid), data, RULES, TODAY)


def test_the_rounding_rule_and_vat_inside_prices():
    assert money(D("0.125"), "SEK") == D("0.13") and money(D("-0.125"), "SEK") == D("-0.13")
    assert money(D("1234.5"), "ISK") == D("1235.00")  # whole krónur
    # VAT is taken once per rate from the sum, not line by line: 3 × 0.99 at 25 %
    assert vat_by_rate([(D("0.99"), D(25))] * 3, "SEK") == {D(25): D("0.59")}  # per line it would be 0.60
    assert spread(D("10.00"), [D(1), D(1), D(1)], "SEK") == [D("3.34"), D("3.33"), D("3.33")]


def test_a_worked_example_of_offers_delivery_and_vat(uow):
    """2 spades at 349.00 with 10 % off spades, a 199.00 book at 6 % VAT, 50.00 off the
    order, delivery by post 49.00:

    spades 698.00 - 69.80 = 628.20; book 199.00; after the line offers 827.20.
    50.00 spread by 628.20 : 199.00 → 37.97 and 12.03; spades 590.23, book 186.97.
    total 590.23 + 186.97 + 49.00 = 826.20.
    VAT 25 %: (590.23 + 49.00) × 25/125 = 127.846 → 127.85; 6 %: 186.97 × 6/106 = 10.583 → 10.58.
    """
    spades = offer(uow, kind="percent", value="10", sku="SPADE", description="10 % off spades")
    wide = offer(uow, kind="amount", value="50.00", description="50 kr off")
    placed = order(uow, ("SPADE", 2), ("BOOK", 1), delivery_method="post")
    assert [(line.sku, line.discount, line.line_total) for line in placed.lines] == [
        ("SPADE", D("107.77"), D("590.23")),
        ("BOOK", D("12.03"), D("186.97")),
    ]
    assert (placed.goods_total, placed.discount_total, placed.delivery_fee) == (
        D("897.00"),
        D("119.80"),
        D("49.00"),
    )
    assert (placed.total, placed.vat_total) == (D("826.20"), D("138.43"))
    assert [(d.offer_id, d.sku, d.amount) for d in placed.discounts] == [
        (spades.id, "SPADE", D("69.80")),
        (wide.id, None, D("50.00")),
    ]


def test_the_best_offer_wins_and_an_offer_for_someone_else_does_not_apply(uow):
    offer(uow, kind="percent", value="5", sku="SPADE")
    best = offer(uow, kind="amount", value="40.00", sku="SPADE")
    offer(uow, customer_id=2, kind="percent", value="50", sku="SPADE")
    offer(uow, kind="percent", value="90", sku="SPADE", valid_until="2026-11-23")  # expired yesterday
    placed = order(uow, ("SPADE", 1))
    assert [(d.offer_id, d.amount) for d in placed.discounts] == [(best.id, D("40.00"))]
    assert placed.total == D("309.00")


def test_the_customers_own_discount_competes_with_order_offers(uow):
    offer(uow, kind="amount", value="10.00")
    placed = order(uow, ("SPADE", 1), terms=customer(discount_percent="5.00"))
    assert [(d.offer_id, d.description, d.amount) for d in placed.discounts] == [
        (None, "customer discount 5 %", D("17.45"))
    ]


def test_an_offer_for_one_use_applies_to_one_order_and_comes_back_if_it_is_cancelled(uow):
    once = offer(uow, kind="percent", value="20", sku="SPADE", max_uses=1)
    first = order(uow, ("SPADE", 1))
    second = order(uow, ("SPADE", 1))
    assert [d.offer_id for d in first.discounts] == [once.id] and second.discounts == []
    with uow.transaction() as session:
        ordering.cancel(session, ordering.get_order(session, first.id))
    assert [d.offer_id for d in order(uow, ("SPADE", 1)).discounts] == [once.id]


def test_above_the_limit_the_order_is_paid_in_advance_and_waits_for_the_payment(uow):
    placed = order(uow, ("MOWER", 1), payment_method="invoice")
    assert (placed.status, placed.payment_method) == ("awaiting_payment", "prepayment")
    assert "paid in advance" in placed.notices and placed.lines[0].ships_now
    with uow.transaction() as session:
        got = ordering.get_order(session, placed.id)
        with pytest.raises(Conflict):
            fulfilment.ship(session, got, {}, RULES, TODAY)
        invoicing.pay_order(session, got, {"amount": D("3000.00"), "method": "card"}, "ann")
        assert got.status == "awaiting_payment"
        _, released = invoicing.pay_order(session, got, {"amount": D("2990.00"), "method": "card"}, "ann")
        assert released and got.status == "placed"
        fulfilment.ship(session, got, {"carrier": "PostNord", "tracking_number": "PN1"}, RULES, TODAY)
        (invoice,) = invoicing.invoices_of(session, 1)
        assert (invoice.amount, invoice.paid, invoice.due_on) == (D("5990.00"), D("5990.00"), TODAY)


def test_over_the_credit_limit_a_supervisor_decides(uow):
    placed = order(uow, ("SPADE", 6))  # 2094.00 > 2000.00 limit
    assert placed.status == "awaiting_approval" and "credit limit" in placed.notices
    assert order(uow, ("SPADE", 6), terms=customer(credit_limit="5000.00")).status == "placed"
    with uow.transaction() as session:
        ordering.decide_approval(session, ordering.get_order(session, placed.id), True, "boss")
        assert ordering.get_order(session, placed.id).approved_by == "boss"
        with pytest.raises(Conflict):  # decided once only
            ordering.decide_approval(session, ordering.get_order(session, placed.id), False, "other boss")
        assert ordering.get_order(session, placed.id).status == "placed"


def test_what_is_on_order_counts_against_the_limit(uow):
    assert order(uow, ("SPADE", 5)).status == "placed"  # 1745.00
    assert order(uow, ("SPADE", 1)).status == "awaiting_approval"  # 349.00 more is over 2000.00


def test_ship_invoice_pay_return_credit_and_refund(uow):
    placed = order(uow, ("SPADE", 2), ("BOOK", 1), delivery_method="post")  # 698 + 199 + 49 = 946.00
    with uow.transaction() as session:
        got = ordering.get_order(session, placed.id)
        delivery = fulfilment.ship(session, got, {"skus": ["SPADE"], "tracking_number": "T1"}, RULES, TODAY)
        assert got.status == "partially_shipped"
        first = invoicing.get_invoice(session, delivery.invoice_id)
        assert (first.amount, first.due_on) == (D("747.00"), TODAY + timedelta(days=30))  # spades + delivery
        fulfilment.ship(session, got, {}, RULES, TODAY)
        assert got.status == "shipped"
        invoicing.pay_invoice(session, first, {"amount": D("747.00"), "method": "giro"}, "ann")
    with uow.transaction() as session:
        got = ordering.get_order(session, placed.id)
        received, refund = returns.receive_return(
            session, got, {"lines": [{"sku": "SPADE", "quantity": 1, "reason": "broken handle"}]}, TODAY
        )
        assert received.amount == D("349.00") and refund.amount == D("349.00")  # it was paid: pay it back
        received, refund = returns.receive_return(
            session,
            got,
            {"lines": [{"sku": "BOOK", "quantity": 1, "reason": "wrong book", "restock": False}]},
            TODAY,
        )
        assert refund is None  # the book's invoice was not paid: the credit note takes it off
        book_invoice = [i for i in invoicing.invoices_of(session, 1) if i.kind == "invoice"][0]
        assert (book_invoice.kind, book_invoice.amount, book_invoice.credited) == (
            "invoice",
            D("199.00"),
            D("199.00"),
        )
        assert catalogue.product_by_sku(session, "SPADE").stock_on_hand == 99  # 100 - 2 shipped + 1 back
        assert catalogue.product_by_sku(session, "BOOK").stock_on_hand == 99  # not fit to sell again
        with pytest.raises(InvalidInput):
            returns.receive_return(
                session, got, {"lines": [{"sku": "BOOK", "quantity": 1, "reason": "again"}]}, TODAY
            )


def test_a_refund_is_paid_once(uow):
    placed = order(uow, ("SPADE", 1), payment_method="card")
    with uow.transaction() as session:
        got = ordering.get_order(session, placed.id)
        _, released = invoicing.pay_order(session, got, {"amount": D("400.00"), "method": "card"}, "ann")
        (overpaid,) = returns.refunds_of(session, 1)
        assert released and overpaid.amount == D("51.00")
        returns.pay_refund(session, overpaid.id, "boss")
        with pytest.raises(Conflict):
            returns.pay_refund(session, overpaid.id, "boss")


def test_one_parcel_waits_for_every_line(uow):
    placed = order(uow, ("SPADE", 1), ("HOSE", 1), partial_delivery=False)
    with uow.transaction() as session, pytest.raises(Conflict) as err:
        fulfilment.ship(session, ordering.get_order(session, placed.id), {}, RULES, TODAY)
    assert "one delivery" in str(err.value)


def test_overdue_amounts_by_age(uow):
    with uow.transaction() as session:
        for days_ago, amount in (
            (10, "100.00"),
            (45, "200.00"),
            (75, "300.00"),
            (120, "400.00"),
            (0, "50.00"),
        ):
            placed = ordering.place_order(
                session, customer(), {"lines": [{"sku": "SPADE", "quantity": 1}]}, RULES, TODAY
            )
            invoice = invoicing.issue_invoice(session, placed, placed.lines, False, RULES, TODAY)
            invoice.amount, invoice.due_on = D(amount), TODAY - timedelta(days=days_ago)
            placed.total = D(amount)  # all of it invoiced: nothing more on order
        session.flush()
        seen = credit.situation(session, customer(credit_limit="3000.00"), RULES, TODAY)
    assert seen["overdue"] == {
        "0-30": D("100.00"),
        "31-60": D("200.00"),
        "61-90": D("300.00"),
        "90+": D("400.00"),
    }
    assert (seen["not_due"], seen["open_balance"], seen["available"]) == (
        D("50.00"),
        D("1050.00"),
        D("1950.00"),
    )

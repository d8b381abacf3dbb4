"""Memberships and recurring revenue (O9), sales statistics (O10)."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.memberships import PlanIn
from crm_common.contracts.order.products import ProductCreate
from crm_common.contracts.periods import PeriodIn
from crm_common.errors import Conflict, InvalidInput
from services.order import catalogue, invoicing, memberships, ordering, statistics
from services.order.models import Base
from services.order.rules import OrderRules

RULES = OrderRules(credit_limit=Decimal("1000000"))


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        memberships.create_plan(
            session,
            load(
                PlanIn(),
                {
                    "code": "CLUB",
                    "name": "Garden club",
                    "kind": "club",
                    "price": "300.00",
                    "period_months": 12,
                },
            ),
        )
        memberships.create_plan(
            session,
            load(PlanIn(), {"code": "SEEDS", "name": "Seeds box", "kind": "subscription", "price": "99.00"}),
        )
        for p in (
            {"sku": "SPADE", "name": "Spade", "price": "349.00", "stock_on_hand": 100},
            {"sku": "GLOVES", "name": "Gloves", "price": "99.00", "stock_on_hand": 100},
        ):
            catalogue.create_product(session, load(ProductCreate(), p))
    return uow


def test_a_customer_is_member_once_leaves_and_can_join_again(uow):
    with uow.transaction() as session:
        joined = memberships.join(session, 7, "CLUB", date(2026, 1, 10))
    with pytest.raises(Conflict), uow.transaction() as session:
        memberships.join(session, 7, "CLUB", date(2026, 2, 1))
    with uow.transaction() as session:
        left = memberships.leave(session, joined.id, date(2026, 3, 5), "moved abroad")
        assert (left.status, left.ended_on, left.end_reason) == ("ended", date(2026, 3, 5), "moved abroad")
        memberships.join(session, 7, "CLUB", date(2026, 4, 1))
    with pytest.raises(Conflict), uow.transaction() as session:
        memberships.leave(session, joined.id, date(2026, 3, 6), None)
    with pytest.raises(InvalidInput), uow.transaction() as session:
        memberships.join(session, 7, "NOPE", date(2026, 4, 1))


def test_recurring_revenue_counts_each_month_a_membership_was_active(uow):
    with uow.transaction() as session:
        a = memberships.join(session, 1, "CLUB", date(2026, 1, 10))  # 300 a year: 25.00 a month
        memberships.join(session, 2, "CLUB", date(2026, 2, 20))
        memberships.join(session, 1, "SEEDS", date(2026, 2, 1))
        memberships.leave(session, a.id, date(2026, 2, 28), None)
    with uow.read() as session:
        rows = memberships.recurring_revenue(session, date(2026, 1, 1), date(2026, 3, 1))
    assert [(r["month"], r["plan"], r["members"], r["recurring_revenue"]) for r in rows] == [
        ("2026-01", "CLUB", 1, Decimal("25.00")),
        ("2026-02", "CLUB", 2, Decimal("50.00")),
        ("2026-02", "SEEDS", 1, Decimal("99.00")),
        ("2026-03", "CLUB", 1, Decimal("25.00")),
        ("2026-03", "SEEDS", 1, Decimal("99.00")),
    ]


def test_merging_ends_a_twin_membership_so_one_stays_active(uow):
    with uow.transaction() as session:
        memberships.join(session, 1, "CLUB", date(2026, 1, 1))
        memberships.join(session, 2, "CLUB", date(2026, 2, 1))
        memberships.join(session, 2, "SEEDS", date(2026, 2, 1))
        memberships.fold(session, merged_id=2, survivor_id=1)
        kept = {(p.code, m.status) for m, p in memberships.memberships_of(session, 2)}
    assert kept == {("CLUB", "ended"), ("SEEDS", "active")}


def place(session, customer, sku, qty, seller, when):
    order = ordering.place_order(
        session,
        {"id": customer, "credit_limit": None, "discount_percent": None},
        {"lines": [{"sku": sku, "quantity": qty}]},
        RULES,
        when.date(),
        seller=seller,
    )
    order.created_at = when
    return order


def test_sales_by_product_and_by_seller_per_month(uow):
    nov, dec = datetime(2026, 11, 5, 12, tzinfo=timezone.utc), datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    with uow.transaction() as session:
        place(session, 1, "SPADE", 2, "ann", nov)
        place(session, 2, "GLOVES", 3, "bo", nov)
        place(session, 3, "SPADE", 1, "ann", dec)
        cancelled = place(session, 4, "SPADE", 5, "ann", dec)
        ordering.cancel(session, cancelled)
    with uow.read() as session:
        products = statistics.sales_by_product(session, date(2026, 11, 1), date(2026, 12, 1))
        sellers = statistics.sales_by_seller(session, date(2026, 11, 1), date(2026, 11, 1))
    assert [(r["month"], r["sku"], r["quantity"], r["orders"], r["revenue"]) for r in products] == [
        ("2026-11", "SPADE", 2, 1, "698.00"),
        ("2026-11", "GLOVES", 3, 1, "297.00"),
        ("2026-12", "SPADE", 1, 1, "349.00"),  # the cancelled order does not count
    ]
    assert [(r["seller"], r["orders"], r["revenue"]) for r in sellers] == [
        ("ann", 1, "698.00"),
        ("bo", 1, "297.00"),
    ]


def test_invoices_due_and_recently_sent(uow):
    today = date(2026, 11, 24)
    with uow.transaction() as session:
        order = place(session, 1, "SPADE", 1, "ann", datetime(2026, 10, 1, tzinfo=timezone.utc))
        old = invoicing.issue_invoice(
            session, order, order.lines, False, RULES, date(2026, 10, 1)
        )  # due 10-31
        order = place(session, 1, "GLOVES", 1, "ann", datetime(2026, 11, 20, tzinfo=timezone.utc))
        new = invoicing.issue_invoice(
            session, order, order.lines, False, RULES, date(2026, 11, 20)
        )  # due 12-20
    with uow.read() as session:
        assert [i.id for i in statistics.invoices_due(session, today, 7)] == [old.id]
        assert [i.id for i in statistics.invoices_due(session, today, 30)] == [old.id, new.id]
        assert [i.id for i in statistics.invoices_sent(session, today, 7)] == [new.id]


def test_a_period_is_months_in_order():
    assert load(PeriodIn(), {"from": "2026-01", "to": "2026-03"}) == {"first": "2026-01", "last": "2026-03"}
    with pytest.raises(InvalidInput):
        load(PeriodIn(), {"from": "2026-13", "to": "2026-03"})
    with pytest.raises(InvalidInput):
        load(PeriodIn(), {"from": "2026-04", "to": "2026-03"})

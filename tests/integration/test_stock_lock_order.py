"""Two orders for the same products, their lines in opposite orders ([A, B] and [B, A]),
placed at the same moment: both are booked. Each reservation holds its product's row
until the order commits; taken in the lines' order, each order would hold one row and
wait for the other's, and PostgreSQL would fail one of them as a deadlock (a web order's
502 under load). Rows are locked by product id, so one order waits for the other."""

import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from crm_common.storage import UnitOfWork, create_db_engine
from services.order import catalogue, ordering, stock
from services.order.models import Product
from services.order.rules import OrderRules


def test_two_orders_locking_the_same_products_in_opposite_orders_both_book(db_url, migrated, monkeypatch):
    engine = create_db_engine(migrated("order", db_url))
    uow = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    with uow.transaction() as session:
        for sku in ("A", "B"):
            product = {"sku": sku, "name": sku, "price": Decimal("1.00"), "currency": "SEK"}
            catalogue.create_product(session, {**product, "vat_rate": Decimal(25), "stock_on_hand": 10})
    # Each order, its first row locked, waits (up to a second) for the other to have
    # locked its first row too: the moment a deadlock needs. Only on PostgreSQL: SQLite
    # has one writer at a time, and its busy wait would stall every green thread.
    both_locked_one = threading.Barrier(2, timeout=1)
    reserve = stock.reserve
    waited: set[int] = set()

    def reserve_then_wait(session, product_id, quantity):
        done = reserve(session, product_id, quantity)
        if db_url.startswith("postgres") and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            try:
                both_locked_one.wait()
            except threading.BrokenBarrierError:
                pass  # the other order waits for this one's row: no deadlock to set up
        return done

    monkeypatch.setattr(stock, "reserve", reserve_then_wait)
    errors: list[Exception] = []

    def buy(n, skus):
        customer = {"id": n, "credit_limit": None, "discount_percent": None}
        lines = [{"sku": sku, "quantity": 1} for sku in skus]
        try:
            with uow.transaction() as session:
                ordering.place_order(session, customer, {"lines": lines}, OrderRules(), date.today())
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=buy, args=(1, "AB")), threading.Thread(target=buy, args=(2, "BA"))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with uow.read() as session:
        reserved = {p.sku: p.reserved for p in session.scalars(select(Product))}
    engine.dispose()
    assert errors == []
    assert reserved == {"A": 2, "B": 2}

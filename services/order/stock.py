"""Stock that is never oversold, whatever runs at the same time.

Every check and change is one conditional UPDATE: of two orders racing for the last
unit exactly one sees a changed row. No read-then-write window, on SQLite or PostgreSQL.
Reserved units are promised to an order and leave the shelf when the order ships.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.order.models import Product


def _changed(session: Session, where, **values) -> bool:
    result = session.execute(
        update(Product).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def reserve(session: Session, product_id: int, quantity: int) -> bool:
    """Promise `quantity` units to an order if that many are unpromised; True if done."""
    return _changed(
        session,
        (Product.id == product_id, Product.stock_on_hand - Product.reserved >= quantity),
        reserved=Product.reserved + quantity,
    )


def release(session: Session, product_id: int, quantity: int) -> None:
    """Give back a promise (a cancelled order or line)."""
    _changed(
        session,
        (Product.id == product_id, Product.reserved >= quantity),
        reserved=Product.reserved - quantity,
    )


def ship(session: Session, product_id: int, quantity: int) -> bool:
    """Promised units leave the shelf."""
    return _changed(
        session,
        (Product.id == product_id, Product.reserved >= quantity),
        reserved=Product.reserved - quantity,
        stock_on_hand=Product.stock_on_hand - quantity,
    )


def put_back(session: Session, product_id: int, quantity: int) -> None:
    """Units arrive on the shelf (goods received, a return fit to sell again)."""
    _changed(session, (Product.id == product_id,), stock_on_hand=Product.stock_on_hand + quantity)

"""Stock that is never oversold, whatever runs at the same time.

The check and the decrement are one conditional UPDATE: of two orders racing for the last
unit exactly one sees a changed row. No read-then-write window, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.order.models import Product


def take(session: Session, product_id: int, quantity: int) -> bool:
    """Take `quantity` units off the shelf if they are all there; True when taken."""
    result = session.execute(
        update(Product)
        .where(Product.id == product_id, Product.stock_on_hand >= quantity)
        .values(stock_on_hand=Product.stock_on_hand - quantity)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1

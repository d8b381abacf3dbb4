"""Stock that is never oversold, whatever runs at the same time.

Every check and change is one conditional UPDATE: of two orders racing for the last
unit exactly one sees a changed row. No read-then-write window, on SQLite or PostgreSQL.
Reserved units are promised to an order and leave the shelf when the order ships.

The statements are built once: order entry runs them for every line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from sqlalchemy import BindParameter, Update, bindparam, update
from sqlalchemy.orm import Session

from crm_common.contracts import LARGEST
from crm_common.errors import InvalidInput
from services.order.models import Product

_ID: BindParameter[int] = bindparam("p_id")
_QTY: BindParameter[int] = bindparam("p_qty")


class _OfAProduct(Protocol):
    @property
    def product_id(self) -> int: ...


L = TypeVar("L", bound=_OfAProduct)

_RESERVE = (
    update(Product)
    .where(Product.id == _ID, Product.stock_on_hand - Product.reserved >= _QTY)
    .values(reserved=Product.reserved + _QTY)
)
_RELEASE = (
    update(Product)
    .where(Product.id == _ID, Product.reserved >= _QTY)
    .values(reserved=Product.reserved - _QTY)
)
_SHIP = (
    update(Product)
    .where(Product.id == _ID, Product.reserved >= _QTY)
    .values(reserved=Product.reserved - _QTY, stock_on_hand=Product.stock_on_hand - _QTY)
)
_PUT_BACK = (
    update(Product)
    .where(Product.id == _ID, Product.stock_on_hand <= LARGEST - _QTY)
    .values(stock_on_hand=Product.stock_on_hand + _QTY)
)


def _changed(session: Session, statement: Update, product_id: int, quantity: int) -> bool:
    # On the session's connection: a plain statement needs none of the ORM's machinery.
    result = session.connection().execute(statement, {"p_id": product_id, "p_qty": quantity})
    return result.rowcount == 1


def in_lock_order(lines: Iterable[L]) -> list[L]:
    """An order's lines in the order their product rows are to be locked: by product id.
    Each UPDATE here holds its product's row until the transaction ends, so two orders
    touching the same products in different orders ([A, B] and [B, A]) would each wait
    for the other: on PostgreSQL a deadlock, one of them failed. In one order, one waits."""
    return sorted(lines, key=lambda line: line.product_id)


def reserve(session: Session, product_id: int, quantity: int) -> bool:
    """Promise `quantity` units to an order if that many are unpromised; True if done."""
    return _changed(session, _RESERVE, product_id, quantity)


def release(session: Session, product_id: int, quantity: int) -> None:
    """Give back a promise (a cancelled order or line)."""
    _changed(session, _RELEASE, product_id, quantity)


def ship(session: Session, product_id: int, quantity: int) -> bool:
    """Promised units leave the shelf."""
    return _changed(session, _SHIP, product_id, quantity)


def put_back(session: Session, product_id: int, quantity: int) -> None:
    """Units arrive on the shelf (goods received, a return fit to sell again). Raises
    InvalidInput when the shelf would hold more than its column can (32 bits)."""
    if not _changed(session, _PUT_BACK, product_id, quantity):
        raise InvalidInput(f"the stock would pass {LARGEST} units", {"quantity": "more than the stock holds"})

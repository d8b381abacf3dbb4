"""Order entry (O2–O4): price the order with the customer's offers, decide how it is
paid, reserve what can ship now and say when the rest can, and offer the alternatives.

An order's life: held_for_review (a web order whose customer an agent must look at) →
awaiting_approval (over the credit limit: a supervisor decides) or awaiting_payment
(prepayment) → placed → partially_shipped → shipped; or cancelled before it ships.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from crm_common.clock import utcnow
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.history import newest_first
from crm_common.storage import transition
from services.order import catalogue, credit, exchange, offers, pricing, stock
from services.order.models import Offer, Order, OrderDiscount, OrderLine, Product
from services.order.money import money
from services.order.rules import PREPAID_METHODS, OrderRules

OPEN = ("awaiting_approval", "awaiting_payment", "placed", "partially_shipped")
WAITING = ("held_for_review", "awaiting_approval", "awaiting_payment")


# Plain rows, not ORM objects: read on every order, never changed through them.
_PRODUCTS = select(
    Product.id,
    Product.sku,
    Product.name,
    Product.price,
    Product.currency,
    Product.vat_rate,
    Product.stock_on_hand,
    Product.reserved,
    Product.restock_date,
    Product.has_alternatives,
).where(Product.sku.in_(bindparam("skus", expanding=True)))


def _products(session: Session, lines: list[dict]) -> dict:
    skus = [line["sku"] for line in lines]
    products = {p.sku: p for p in session.connection().execute(_PRODUCTS, {"skus": skus})}
    missing = {f"lines.{i}.sku": "no such product" for i, sku in enumerate(skus) if sku not in products}
    if missing:
        raise InvalidInput("the order names unknown products", missing)
    if len({p.currency for p in products.values()}) > 1:
        raise InvalidInput("all products of an order must share one currency", {"lines": "mixed currencies"})
    return products


def build(
    session: Session, customer: dict | None, data: dict, rules: OrderRules, day: date, exclude=frozenset()
) -> tuple[Order, pricing.Priced]:
    """The order priced with the customer's usable offers and own discount (customer: as
    the register gives it, None for a customer not known yet); nothing stored or reserved."""
    customer_id = customer["id"] if customer else None
    products = _products(session, data["lines"])
    currency = next(iter(products.values())).currency
    delivery = catalogue.delivery_method(session, data.get("delivery_method"))
    priced = pricing.price(
        [(products[line["sku"]], line["quantity"]) for line in data["lines"]],
        offers.usable(session, customer_id, day, exclude),
        delivery,
        currency,
        (customer or {}).get("discount_percent"),
    )
    order = Order(
        customer_id=customer_id,
        status="new",
        source="agent",
        currency=currency,
        rate=exchange.rate_of(session, currency, rules, "lines"),
        payment_method=data.get("payment_method") or "invoice",
        delivery_method=delivery.code if delivery else None,
        partial_delivery=data.get("partial_delivery", True),
        goods_total=priced.goods_total,
        discount_total=priced.discount_total,
        delivery_fee=priced.delivery_fee,
        delivery_vat_rate=priced.delivery_vat_rate,
        vat_total=sum(priced.vat.values()),
        total=priced.total,
        paid=Decimal("0.00"),
        created_at=utcnow(),
        lines=[],
        discounts=[],
    )
    for line in priced.lines:
        order.lines.append(
            OrderLine(
                product_id=line.product.id,
                sku=line.product.sku,
                name=line.product.name,
                quantity=line.quantity,
                unit_price=line.product.price,
                vat_rate=line.product.vat_rate,
                discount=line.discount,
                line_total=line.total,
                ships_now=False,
                expected_on=line.product.restock_date,
                shipped=False,
                returned_quantity=0,
            )
        )
        order.lines[-1].has_alternatives = line.product.has_alternatives
    for offer, sku, amount in priced.applied:
        order.discounts.append(
            OrderDiscount(offer_id=offer.id, sku=sku, description=offer.description, amount=amount)
        )
    _payment_rule(order, rules)
    return order, priced


def _payment_rule(order: Order, rules: OrderRules) -> None:
    """Above the limit (in the base currency) an order is paid in advance."""
    if (
        money(order.total * order.rate, rules.currency) > rules.prepayment_above
        and order.payment_method not in PREPAID_METHODS
    ):
        order.notices = (
            f"orders above {rules.prepayment_above} {rules.currency} are paid in advance: "
            f"payment method {order.payment_method} changed to prepayment"
        )
        order.payment_method = "prepayment"


def place_quoted(
    session: Session, customer: dict, quote, variant, rules: OrderRules, day: date, seller: str | None
) -> Order:
    """The accepted variant of a quote as an order, at exactly the quoted prices and rate."""
    products = _products(session, variant.lines)
    order = Order(
        customer_id=customer["id"],
        status="new",
        source="agent",
        seller=seller,
        currency=quote.currency,
        rate=quote.rate,
        quote_id=quote.id,
        payment_method="invoice",
        partial_delivery=True,
        goods_total=variant.total,
        discount_total=Decimal("0.00"),
        delivery_fee=Decimal("0.00"),
        delivery_vat_rate=Decimal("0.00"),
        vat_total=variant.vat_total,
        total=variant.total,
        paid=Decimal("0.00"),
        created_at=utcnow(),
        lines=[],
        discounts=[],
    )
    for line in variant.lines:
        product = products[line["sku"]]
        order.lines.append(
            OrderLine(
                product_id=product.id,
                sku=product.sku,
                name=line["name"],
                quantity=line["quantity"],
                unit_price=Decimal(line["unit_price"]),
                vat_rate=Decimal(line["vat_rate"]),
                discount=Decimal("0.00"),
                line_total=Decimal(line["line_total"]),
                ships_now=False,
                expected_on=product.restock_date,
                shipped=False,
                returned_quantity=0,
            )
        )
    _payment_rule(order, rules)
    _book(session, order, customer, rules)
    quote.status, quote.accepted_variant, quote.order_id = "accepted", variant.label, order.id
    session.flush()
    return order


def _waits_for(session: Session, order: Order, customer: dict, rules: OrderRules) -> str:
    if order.payment_method in PREPAID_METHODS:
        return "awaiting_payment"
    if credit.over_limit(session, customer, money(order.total * order.rate, rules.currency), rules):
        order.notices = "; ".join(
            filter(None, [order.notices, "over the credit limit: a supervisor must approve"])
        )
        return "awaiting_approval"
    return "placed"


def _use_offers(session: Session, priced: pricing.Priced) -> set[int]:
    """Count the uses of limited offers; the ids of those someone else used up."""
    used, lost = [], set()
    for offer, _, _ in priced.applied:
        if offer.max_uses is None:
            continue
        if offers.use(session, offer):
            used.append(offer)
        else:
            lost.add(offer.id)
    if lost:
        _give_back(session, [o.id for o in used])
    return lost


def _give_back(session: Session, offer_ids: list[int]) -> None:
    if offer_ids:
        session.execute(
            update(Offer)
            .where(Offer.id.in_(offer_ids), Offer.max_uses.is_not(None), Offer.used_count > 0)
            .values(used_count=Offer.used_count - 1)
            .execution_options(synchronize_session=False)
        )


def _allocate(session: Session, order: Order) -> None:
    """Each line ships now if its stock can be reserved, else it carries the product's
    restock date."""
    for line in order.lines:
        if line.ships_now or line.shipped:
            continue
        line.ships_now = stock.reserve(session, line.product_id, line.quantity)
        if line.ships_now:
            line.expected_on = None
        elif line.expected_on is None:
            line.expected_on = session.get(Product, line.product_id).restock_date


def place_order(
    session: Session,
    customer: dict,
    data: dict,
    rules: OrderRules,
    day: date,
    seller: str | None = None,
    source: str = "agent",
    reference: str | None = None,
) -> Order:
    exclude: set[int] = set()
    while True:
        order, priced = build(session, customer, data, rules, day, frozenset(exclude))
        lost = _use_offers(session, priced)
        if not lost:
            break
        exclude |= lost
    order.seller, order.source, order.reference = seller, source, reference
    _book(session, order, customer, rules)
    return order


def _book(session: Session, order: Order, customer: dict, rules: OrderRules) -> None:
    """What it waits for, its stock reserved, and written."""
    order.status = _waits_for(session, order, customer, rules)
    _allocate(session, order)  # before the insert: each line is written once, as it is
    session.add(order)
    session.flush()


def preview(session: Session, customer: dict | None, data: dict, rules: OrderRules, day: date) -> Order:
    """What placing the order would answer, with nothing written: prices and offers,
    per line ships now or when (from the stock not yet promised), the alternatives, how
    it must be paid and whether it needs approval."""
    order, _ = build(session, customer, data, rules, day)
    order.status = _waits_for(session, order, customer, rules) if customer else "placed"
    for line in order.lines:
        product = session.get(Product, line.product_id)
        line.ships_now = catalogue.available(product) >= line.quantity
        line.expected_on = None if line.ships_now else product.restock_date
    return order


def alternatives(session: Session, order: Order) -> dict[str, list]:
    """For each line that cannot ship now: the alternatives that can, best first."""
    waiting = [line for line in order.lines if not line.ships_now and not line.shipped]
    ask = {line.product_id: line.quantity for line in waiting if line.has_alternatives is not False}
    found = catalogue.alternatives_for(session, ask)
    return {line.sku: found.get(line.product_id, []) for line in waiting}


def hold_for_review(
    session: Session, data: dict, review_id: int, reference: str | None, rules: OrderRules, day: date
) -> Order:
    """A web order whose customer waits in the review queue: priced, nothing taken (C5)."""
    order, _ = build(session, None, data, rules, day)
    order.status, order.source, order.reference, order.review_id = (
        "held_for_review",
        "web",
        reference,
        review_id,
    )
    session.add(order)
    session.flush()
    return order


def came_from_the_web(session: Session, customer_id: int) -> bool:
    """Has this customer had a web order, the shop's registration or its matching having
    found them? The web shop may name only such a customer by id: any other id would put
    its orders on the account (and credit) of a customer it never saw."""
    found = select(Order.id).where(Order.customer_id == customer_id, Order.source == "web").limit(1)
    return session.scalar(found) is not None


def held(session: Session, review_id: int) -> Order | None:
    return session.scalar(
        select(Order)
        .where(Order.review_id == review_id, Order.status == "held_for_review")
        .options(selectinload(Order.lines))
    )


def release(session: Session, order: Order, customer: dict, rules: OrderRules) -> Order:
    """The review let the customer in: the order goes ahead with today's stock."""
    order.customer_id = customer["id"]
    order.status = _waits_for(session, order, customer, rules)
    for line in order.lines:
        line.expected_on = None  # read again: the restock date may have moved while it waited
    _allocate(session, order)
    session.flush()
    return order


def cancel(session: Session, order: Order) -> Order:
    """Nothing shipped yet: the reserved stock and limited offers' uses are given back."""
    if order.status == "cancelled":
        return order
    if any(line.shipped for line in order.lines):
        raise Conflict("part of the order has shipped; return it instead", {"order_id": "already shipped"})
    for line in order.lines:
        if line.ships_now:
            stock.release(session, line.product_id, line.quantity)
            line.ships_now = False
    if order.status != "held_for_review":
        _give_back(session, [d.offer_id for d in order.discounts if d.offer_id])
    order.status = "cancelled"
    session.flush()
    return order


def decide_approval(session: Session, order: Order, approved: bool, by: str) -> Order:
    if not transition(session, Order, order.id, "status", "awaiting_approval", "deciding"):
        session.refresh(order)
        raise Conflict(f"order {order.id} is {order.status}, not awaiting approval", {"status": order.status})
    if not approved:
        return cancel(session, order)
    order.status, order.approved_by = "placed", by
    session.flush()
    return order


def get_order(session: Session, order_id: int, lock: bool = False) -> Order:
    query = (
        select(Order)
        .where(Order.id == order_id)
        .options(selectinload(Order.lines), selectinload(Order.discounts))
    )
    order = session.scalar(query.with_for_update() if lock else query)
    if order is None:
        raise NotFound(f"order {order_id} does not exist", {"order_id": "not found"})
    return order


def orders_of(session: Session, customer_id: int, limit: int = 50) -> list[Order]:
    return newest_first(
        session, Order, customer_id, limit, options=[selectinload(Order.lines), selectinload(Order.discounts)]
    )


def receive_stock(session: Session, sku: str, quantity: int) -> list[Order]:
    """Goods arrived: the waiting lines get them in the order they were placed.
    Returns the orders that got something."""
    product = catalogue.product_by_sku(session, sku)
    stock.put_back(session, product.id, quantity)
    waiting = session.scalars(
        select(OrderLine)
        .join(Order)
        .where(
            OrderLine.product_id == product.id,
            OrderLine.ships_now.is_(False),
            OrderLine.shipped.is_(False),
            Order.status.in_(OPEN),
        )
        .order_by(Order.created_at, Order.id)
    )
    touched: dict[int, Order] = {}
    for line in waiting:
        if not stock.reserve(session, product.id, line.quantity):
            break
        line.ships_now, line.expected_on = True, None
        touched[line.order_id] = session.get(Order, line.order_id)
    session.flush()
    return list(touched.values())


def waiting_for(session: Session, product_id: int) -> list[tuple[Order, OrderLine]]:
    """Open orders with a line that waits for this product."""
    return list(
        session.execute(
            select(Order, OrderLine)
            .join(OrderLine, OrderLine.order_id == Order.id)
            .where(
                OrderLine.product_id == product_id,
                OrderLine.ships_now.is_(False),
                OrderLine.shipped.is_(False),
                Order.status.in_(OPEN),
            )
        ).tuples()
    )


def reschedule(session: Session, product: Product) -> list[tuple[Order, list[OrderLine], date | None]]:
    """The product's restock date changed: its waiting lines now expect that date.
    Returns, per order pushed later (or to an unknown date), its delayed lines and the
    date they expected before."""
    delayed: dict[int, tuple[Order, list[OrderLine], date | None]] = {}
    for order, line in waiting_for(session, product.id):
        previous, line.expected_on = line.expected_on, product.restock_date
        if previous is None or previous == product.restock_date:
            continue
        if product.restock_date is None or product.restock_date > previous:
            delayed.setdefault(order.id, (order, [], previous))[1].append(line)
    session.flush()
    return list(delayed.values())

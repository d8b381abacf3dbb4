"""A customer's own change from the portal on both databases: the check that a number is
nobody else's and the write that takes it are one step, so customers claiming the same
number at the same moment cannot all get it.

The claimants run on real threads, each with its own engine, as separate service
processes would (the tests' monkey-patched threads are green and would take turns)."""

import eventlet.patcher
import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from crm_common.acting import Acting
from crm_common.clock import utcnow
from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from crm_common.errors import Conflict
from crm_common.storage import UnitOfWork, create_db_engine
from services.customer import blocking, profiles, register, updating
from services.customer.models import Phone

CLAIMANTS = 8
NUMBER = "070-999 88 77"


threading = eventlet.patcher.original("threading")


@pytest.fixture
def url(db_url, migrated):
    return migrated("customer", db_url)


@pytest.fixture
def uow(url):
    engine = create_db_engine(url)
    yield UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
    engine.dispose()


def create(uow, n):
    with uow.transaction() as session:
        data = {"kind": "person", "given_name": f"Person{n}", "family_name": f"Family{n}"}
        customer = register.create_customer(session, load(CustomerCreate(), data), "SE")
        blocking.store(session, customer.id, profiles.from_customer(customer))
        return customer.id


def test_customers_racing_for_one_number_leave_it_with_one_of_them(uow, url):
    ids = [create(uow, n) for n in range(CLAIMANTS)]
    start = threading.Barrier(CLAIMANTS)
    won, refused, errors = [], [], []

    def claim(customer_id):
        engine = create_db_engine(url)
        own = UnitOfWork(sessionmaker(engine, expire_on_commit=False), lambda: None)
        try:
            start.wait()
            with own.transaction() as session:
                actor = Acting(f"customer {customer_id}")
                updating.update_own_details(session, actor, customer_id, {"phone": NUMBER}, utcnow().date())
            won.append(customer_id)
        except Conflict as exc:
            refused.append(exc.fields)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=claim, args=(cid,)) for cid in ids]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert len(won) == 1
    assert refused == [{"phone": "belongs to another customer"}] * (CLAIMANTS - 1)
    with uow.read() as session:
        holders = list(session.scalars(select(Phone.customer_id).where(Phone.e164 == "+46709998877")))
    assert holders == won


def test_the_same_customer_may_send_their_own_number_again(uow):
    customer_id = create(uow, 0)
    for _ in range(2):
        with uow.transaction() as session:
            out = updating.update_own_details(
                session, Acting(), customer_id, {"phone": NUMBER}, utcnow().date()
            )
    assert [(p["e164"], p["label"]) for p in out["phones"]] == [("+46709998877", "mobile")]

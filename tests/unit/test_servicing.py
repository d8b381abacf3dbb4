"""Service and complaints (O8): a device by serial number, its warranty, its service jobs
and what the customer pays for them."""

from datetime import date
from decimal import Decimal

import pytest

from crm_common.contracts import load
from crm_common.contracts.order.products import ProductCreate
from crm_common.contracts.order.servicing import DeviceIn, ServiceJobIn
from crm_common.errors import Conflict, InvalidInput
from services.order import catalogue, servicing
from services.order.models import Base


@pytest.fixture
def uow(uow_factory):
    uow = uow_factory(Base)
    with uow.transaction() as session:
        catalogue.create_product(
            session, load(ProductCreate(), {"sku": "MOWER", "name": "Mower", "price": "5990.00"})
        )
    return uow


def register(uow, **extra):
    data = load(
        DeviceIn(), {"serial": "SN-1", "sku": "MOWER", "customer_id": 4, "sold_on": "2025-01-31", **extra}
    )
    with uow.transaction() as session:
        return servicing.register_device(session, 4, data)


def job(uow, day, **data):
    with uow.transaction() as session:
        device = servicing.device_by_serial(session, "SN-1")
        return servicing.open_job(
            session, device, load(ServiceJobIn(), {"description": "x", **data}), day, "SEK"
        )


def test_warranty_months_end_on_a_real_day():
    assert servicing.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert servicing.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert servicing.add_months(date(2025, 11, 15), 24) == date(2027, 11, 15)


def test_work_under_warranty_is_free_and_after_it_is_charged(uow):
    device = register(uow, warranty_months=24)
    assert device.warranty_until == date(2027, 1, 31)
    free = job(uow, date(2026, 6, 1), labour_cost="450.00", parts_cost="120.00", case_id=12, call_id=77)
    assert (free.under_warranty, free.charged, free.case_id, free.call_id) == (True, Decimal("0.00"), 12, 77)
    careless = job(uow, date(2026, 7, 1), labour_cost="300.00", customer_caused=True)
    assert (careless.under_warranty, careless.charged) == (False, Decimal("300.00"))
    late = job(uow, date(2027, 2, 1), labour_cost="200.00", parts_cost="99.50")
    assert (late.under_warranty, late.charged) == (False, Decimal("299.50"))
    with uow.transaction() as session:
        done = servicing.finish_job(
            session, late.id, {"parts_cost": Decimal("150.00")}, date(2027, 2, 3), "SEK"
        )
        assert (done.status, done.charged) == ("done", Decimal("350.00"))
        with pytest.raises(Conflict):
            servicing.finish_job(session, late.id, {}, date(2027, 2, 4), "SEK")
        history = servicing.history(session, servicing.device_by_serial(session, "SN-1"))
        assert [j.id for j in history] == [free.id, careless.id, late.id]


def test_a_serial_number_is_registered_once(uow):
    register(uow)
    with pytest.raises(Conflict):
        register(uow)


def test_a_warranty_cannot_end_before_the_sale(uow):
    with pytest.raises(InvalidInput) as err:
        register(uow, warranty_until="2024-12-31")
    assert err.value.fields == {"warranty_until": "before sold_on"}

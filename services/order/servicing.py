"""Service and complaints (O8): a device's history by serial number, its warranty, and
every service job on it with its costs, linked to the call or case it came from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.contracts import dump
from crm_common.contracts.order.servicing import DeviceOut, ServiceJobOut
from crm_common.errors import Conflict, InvalidInput, NotFound
from crm_common.outbox import record
from services.order.catalogue import product_named
from services.order.models import Device, OutboxMessage, ServiceJob
from services.order.money import money
from services.order.rules import OrderRules


def open_service_job(
    session: Session, serial: str, data: dict[str, Any], rules: OrderRules
) -> dict[str, Any]:
    """Work on the device with this serial number (ServiceJobIn), free under warranty
    unless the customer caused the damage; `service_job_opened` recorded with the
    serial. Answers ServiceJobOut."""
    job = open_job(session, device_by_serial(session, serial), data, rules.today(), rules.currency)
    out = dump(ServiceJobOut, job)
    record(session, OutboxMessage, "service_job_opened", service_job_opened(out, serial))
    return out


def service_job_opened(out: dict[str, Any], serial: str) -> dict[str, Any]:
    """The `service_job_opened` event: the job as answered, with its device's serial."""
    return {**out, "serial": serial}


def finish_service_job(
    session: Session, job_id: int, data: dict[str, Any], rules: OrderRules
) -> dict[str, Any]:
    """The job is done with its final costs (ServiceJobDone); `service_job_done`
    recorded. Answers ServiceJobOut."""
    out = dump(ServiceJobOut, finish_job(session, job_id, data, rules.today(), rules.currency))
    record(session, OutboxMessage, "service_job_done", out)
    return out


def register(session: Session, customer_id: int, data: dict[str, Any], today: date) -> dict[str, Any]:
    """A product sold with a serial number (DeviceIn); answers DeviceOut. Raises
    InvalidInput, Conflict (serial registered)."""
    return described(register_device(session, customer_id, data), [], today)


def device_history(session: Session, serial: str, today: date) -> dict[str, Any]:
    """The device with this serial number and every service job on it (DeviceOut).
    Raises NotFound."""
    device = device_by_serial(session, serial)
    return described(device, history(session, device), today)


def devices_described(session: Session, customer_id: int, today: date) -> list[dict[str, Any]]:
    """The customer's devices with their service jobs (DeviceOut)."""
    return [described(device, history(session, device), today) for device in devices_of(session, customer_id)]


def described(device: Device, jobs: list[ServiceJob], today: date) -> dict[str, Any]:
    """A device as answered (DeviceOut): its warranty today, its service jobs, their
    costs and what the customer paid for them."""
    return dump(
        DeviceOut,
        {
            **{
                k: getattr(device, k)
                for k in ("id", "serial", "sku", "name", "customer_id", "order_id", "sold_on")
            },
            "warranty_until": device.warranty_until,
            "under_warranty": today <= device.warranty_until,
            "service_jobs": jobs,
            "service_cost": sum((j.labour_cost + j.parts_cost for j in jobs), Decimal("0.00")),
            "charged_total": sum((j.charged for j in jobs), Decimal("0.00")),
        },
    )


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def register_device(session: Session, customer_id: int, data: dict[str, Any]) -> Device:
    product = product_named(session, data["sku"])
    until = data.get("warranty_until") or add_months(data["sold_on"], data["warranty_months"])
    if until < data["sold_on"]:
        raise InvalidInput("the warranty ends before the sale", {"warranty_until": "before sold_on"})
    device = Device(
        serial=data["serial"],
        sku=product.sku,
        name=product.name,
        customer_id=customer_id,
        order_id=data.get("order_id"),
        sold_on=data["sold_on"],
        warranty_until=until,
        created_at=utcnow(),
    )
    session.add(device)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            f"serial number {data['serial']} is registered", {"serial": "already registered"}
        ) from None
    return device


def device_by_serial(session: Session, serial: str) -> Device:
    device = session.scalar(select(Device).where(Device.serial == serial))
    if device is None:
        raise NotFound(f"no device with serial number {serial}", {"serial": "not found"})
    return device


def open_job(session: Session, device: Device, data: dict[str, Any], day: date, currency: str) -> ServiceJob:
    """Work on a device, its costs in `currency` (the base currency)."""
    labour, parts = money(data["labour_cost"], currency), money(data["parts_cost"], currency)
    covered = day <= device.warranty_until and not data.get("customer_caused", False)
    job = ServiceJob(
        device_id=device.id,
        customer_id=device.customer_id,
        description=data["description"],
        status="open",
        labour_cost=labour,
        parts_cost=parts,
        under_warranty=covered,
        charged=Decimal("0.00") if covered else labour + parts,
        case_id=data.get("case_id"),
        call_id=data.get("call_id"),
        opened_on=day,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def finish_job(session: Session, job_id: int, data: dict[str, Any], day: date, currency: str) -> ServiceJob:
    job = session.get(ServiceJob, job_id)
    if job is None:
        raise NotFound(f"service job {job_id} does not exist", {"job_id": "not found"})
    if job.status == "done":
        raise Conflict(f"service job {job_id} was finished on {job.done_on}", {"job_id": "already done"})
    for name in ("labour_cost", "parts_cost"):
        if data.get(name) is not None:
            setattr(job, name, money(data[name], currency))
    job.charged = Decimal("0.00") if job.under_warranty else job.labour_cost + job.parts_cost
    job.status, job.done_on = "done", day
    session.flush()
    return job


def history(session: Session, device: Device) -> list[ServiceJob]:
    return list(
        session.scalars(select(ServiceJob).where(ServiceJob.device_id == device.id).order_by(ServiceJob.id))
    )


def devices_of(session: Session, customer_id: int) -> list[Device]:
    return list(session.scalars(select(Device).where(Device.customer_id == customer_id).order_by(Device.id)))

"""Service and complaints (O8): devices sold with a serial number and the service jobs on
them (servicing.py)."""

from __future__ import annotations

from crm_common.contracts import load, positive_id
from crm_common.contracts.order.servicing import DeviceIn, ServiceJobDone, ServiceJobIn
from crm_common.entrypoints import rpc
from services.order import servicing
from services.order.entrypoints import OrderEntrypoints


class ServicingEntrypoints(OrderEntrypoints):
    @rpc
    def register_device(self, data: dict) -> dict:
        """A product sold with a serial number (DeviceIn); warranty from the months given
        or an end date. Raises InvalidInput, Conflict (serial registered)."""
        valid = load(DeviceIn, data)
        customer = self._customers().terms(valid["customer_id"])
        with self.db.transaction() as session:
            return servicing.register(session, customer["id"], valid, self._rules().today())

    @rpc
    def get_device(self, serial: str) -> dict:
        """The device by serial number with every service job, their costs and what the
        customer paid (DeviceOut). Raises NotFound."""
        with self.db.read() as session:
            return servicing.device_history(session, str(serial), self._rules().today())

    @rpc
    def list_devices(self, customer_id: int) -> list[dict]:
        today = self._rules().today()
        with self.db.read() as session:
            return servicing.devices_described(session, positive_id(customer_id, "customer_id"), today)

    @rpc
    def open_service_job(self, serial: str, data: dict) -> dict:
        """Register work on a device (ServiceJobIn), free under warranty unless the
        customer caused the damage. Emits `service_job_opened`."""
        valid = load(ServiceJobIn, data)
        with self.db.transaction() as session:
            return servicing.open_service_job(session, str(serial), valid, self._rules())

    @rpc
    def finish_service_job(self, job_id: int, data: dict) -> dict:
        """The job is done, with its final costs (ServiceJobDone). Raises NotFound,
        Conflict. Emits `service_job_done`."""
        valid = load(ServiceJobDone, data)
        with self.db.transaction() as session:
            return servicing.finish_service_job(session, positive_id(job_id, "job_id"), valid, self._rules())

"""Service and complaints routes: devices by serial number and their service jobs (O8)."""

from __future__ import annotations

from crm_common.contracts.order.servicing import (
    DeviceIn,
    DeviceOut,
    ServiceJobDone,
    ServiceJobIn,
    ServiceJobOut,
)
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import route


class ServicingRoutes(Routes):
    @route(
        "POST",
        "/api/devices",
        summary="Register a product sold with a serial number and its warranty",
        tag="service",
        roles=STAFF,
        body=DeviceIn,
        response=DeviceOut,
        status=201,
        errors=(409,),
    )
    def register_device(self, req):
        return call(self.order, "register_device", req.body)

    @route(
        "GET",
        "/api/devices/<serial>",
        summary="A device by serial number: warranty, service jobs and their costs",
        tag="service",
        roles=STAFF,
        response=DeviceOut,
        errors=(404,),
    )
    def get_device(self, req, serial):
        return call(self.order, "get_device", serial)

    @route(
        "GET",
        "/api/customers/<int:customer_id>/devices",
        summary="A customer's devices with their service history",
        tag="service",
        roles=STAFF,
        response=DeviceOut,
        many=True,
    )
    def list_devices(self, req, customer_id):
        return call(self.order, "list_devices", customer_id)

    @route(
        "POST",
        "/api/devices/<serial>/service-jobs",
        summary="Register service work on a device, linked to its call or case",
        tag="service",
        roles=STAFF,
        body=ServiceJobIn,
        response=ServiceJobOut,
        status=201,
        errors=(404,),
    )
    def open_service_job(self, req, serial):
        return call(self.order, "open_service_job", serial, req.body)

    @route(
        "POST",
        "/api/service-jobs/<int:job_id>/done",
        summary="Finish a service job with its final costs",
        tag="service",
        roles=STAFF,
        body=ServiceJobDone,
        response=ServiceJobOut,
        errors=(404, 409),
    )
    def finish_service_job(self, req, job_id):
        return call(self.order, "finish_service_job", job_id, req.body)

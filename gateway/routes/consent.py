"""Consent to marketing (opt-in, C9, M5): an agent gives or withdraws it in the 360° view,
the customer in the portal. The gateway names the source (`agent:<username>` or
`portal`); the customer service keeps it with the time, and a campaign reaches only those
who consented (services/customer/campaign_recipients.py)."""

from __future__ import annotations

from crm_common.contracts import load
from crm_common.contracts.customer.consent import ConsentIn, ConsentOut
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routing import route

CUSTOMER = ("customer",)


class ConsentRoutes(Routes):
    @route(
        "PUT",
        "/api/customers/<int:customer_id>/consent",
        summary="Give or withdraw the customer's consent to marketing",
        tag="customers",
        roles=STAFF,
        body=ConsentIn,
        response=ConsentOut,
        errors=(404, 409),
    )
    def change_consent(self, req, customer_id):
        """As the customer said it to the agent: kept with the time and `agent:<username>`
        as its source. Without consent no campaign reaches the customer."""
        given = load(ConsentIn, req.body)["given"]
        source = f"agent:{req.principal.username}"
        return call(self.customer, "change_consent", customer_id, {"given": given, "source": source})

    @route(
        "GET",
        "/api/my/consent",
        summary="Whether I agreed to marketing, since when and how",
        tag="customer portal",
        roles=CUSTOMER,
        response=ConsentOut,
    )
    def my_consent(self, req):
        return consent_of(call(self.customer, "get_customer", req.principal.customer_id))

    @route(
        "PUT",
        "/api/my/consent",
        summary="Agree to marketing, or withdraw it",
        tag="customer portal",
        roles=CUSTOMER,
        body=ConsentIn,
        response=ConsentOut,
    )
    def change_my_consent(self, req):
        """Kept with the time and `portal` as its source."""
        given = load(ConsentIn, req.body)["given"]
        return call(
            self.customer,
            "change_consent",
            req.principal.customer_id,
            {"given": given, "source": "portal"},
        )


def consent_of(customer: dict) -> dict:
    """The ConsentOut part of a CustomerOut."""
    return {
        "customer_id": customer["id"],
        "given": customer["marketing_consent"],
        "changed_at": customer["consent_changed_at"],
        "source": customer["consent_source"],
    }

"""The register (C1, C6): create, match, read, change and find customers."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.customers import (
    CustomerCreate,
    CustomerOut,
    CustomerSummary,
    CustomerTerms,
    CustomerUpdate,
)
from crm_common.entrypoints import rpc
from services.customer import intake, merging, register, updating, views
from services.customer.entrypoints import CustomerEntrypoints
from services.customer.matching import Match


class RegisterEntrypoints(CustomerEntrypoints):
    @rpc
    def create_customer(self, data: dict, confirm_new: bool = False) -> dict:
        """Register a person or an organisation, matched against the register first.

        data: CustomerCreate (kind, name or given_name/family_name, country, phones,
        emails, addresses, national_id / org_number validated for the country, ...).
        confirm_new: create it even when it looks like a duplicate.
        Returns the CustomerOut plus `matches`, the look-alikes found (see
        match_customer). Raises InvalidInput naming each bad field; DuplicateSuspected
        (with the matches) when a look-alike scores as a probable duplicate and
        confirm_new is not set. Emits `customer_created`.
        """
        valid = load(CustomerCreate, data)
        with self.db.transaction() as session:
            return intake.create_customer(session, self.actor, valid, self._region(), confirm_new)

    @rpc
    def match_customer(self, data: dict) -> list[Match]:
        """Look-alikes of an unsaved person or organisation (CustomerCreate), best first:
        [{"customer": {id, kind, name, country}, "score": 0..1, "verdict": "duplicate" |
        "review" | "distinct", "reasons": {field: {"agreement", "weight", "similarity"}}}].
        Raises InvalidInput."""
        valid = load(CustomerCreate, data)
        with self.db.read() as session:
            return intake.look_alikes(session, valid, self._region())

    @rpc
    def get_customer(self, customer_id: int) -> dict:
        """The CustomerOut with current addresses, address history and employments. An id
        that was merged away gives the customer it was merged into. Raises NotFound."""
        with self.db.read() as session:
            return views.view_of(session, positive_id(customer_id, "customer_id"))

    @rpc
    def current_customer_id(self, customer_id: int) -> int:
        """The id `customer_id` stands for now: itself, or the survivor of the merges it
        was folded into (cheap: the gateway asks it for every merged-away id it meets).
        Raises NotFound."""
        with self.db.read() as session:
            return merging.resolve(session, positive_id(customer_id, "customer_id")).id

    @rpc
    def get_terms(self, customer_id: int) -> dict:
        """What an order needs of a customer, and nothing more (cheap): {id, name,
        credit_limit, discount_percent}, following merges. Raises NotFound."""
        with self.db.read() as session:
            return dump(CustomerTerms, merging.resolve(session, positive_id(customer_id, "customer_id")))

    @rpc
    def update_customer(self, customer_id: int, changes: dict) -> dict:
        """Change some fields (CustomerUpdate). A new address of a kind closes the old one,
        which stays in address_history. Returns CustomerOut plus `warnings` about the new
        addresses. Raises NotFound, InvalidInput. Emits `customer_updated`."""
        valid = load(CustomerUpdate, changes)
        with self.db.transaction() as session:
            return updating.update_customer(
                session, self.actor, positive_id(customer_id, "customer_id"), valid
            )

    @rpc
    def search_customers(self, text: str, limit: int = 50) -> list[dict]:
        """Customers whose name contains `text`, or whose phone (any format), e-mail,
        national/org id or customer number is `text`. Returns CustomerOut list."""
        with self.db.read() as session:
            found = register.search_customers(session, text, self._region(), min(int(limit), 200))
            return dump(CustomerOut, found, many=True)

    @rpc
    def find_by_email(self, address: str) -> list[dict]:
        """Who writes from this address: the customers holding it (persons first), as
        CustomerSummary, oldest first."""
        with self.db.read() as session:
            return dump(CustomerSummary, register.find_by_email(session, str(address)), many=True)

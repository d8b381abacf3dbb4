"""Registrations from outside and the review queue (C2, C5): clean ones are created at
once, doubtful ones wait for an agent's decision."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.review import DecisionIn, ReviewItemOut
from crm_common.entrypoints import rpc
from services.customer import intake, review, review_decisions
from services.customer.entrypoints import CustomerEntrypoints


class ReviewEntrypoints(CustomerEntrypoints):
    @rpc
    def submit_registration(self, data: dict, submitted_by: str) -> dict:
        """A customer registering from outside (RegistrationIn: customer, source web_order |
        self_registration | import | api, reference). Clean ones are created at once:
        {"status": "created", "customer_id"}. A look-alike or a blocked or doubtful address
        waits for an agent: {"status": "pending_review", "review_id"}, and
        `review_requested` is emitted. Raises InvalidInput (fields under "customer.")."""
        valid, customer_data = intake.load_registration(data)
        with self.db.transaction() as session:
            return intake.submit(session, self.actor, valid, customer_data, submitted_by, self._region())

    @rpc
    def list_review(self, limit: int = 100) -> list[dict]:
        """Registrations waiting for a decision, oldest first (ReviewItemOut list)."""
        with self.db.read() as session:
            return dump(ReviewItemOut, review.pending(session, min(int(limit), 500)), many=True)

    @rpc
    def get_review(self, review_id: int) -> dict:
        """One review item, pending or decided (ReviewItemOut). Raises NotFound."""
        with self.db.read() as session:
            return dump(ReviewItemOut, review.get_item(session, positive_id(review_id, "review_id")))

    @rpc
    def decide_review(self, review_id: int, data: dict, decided_by: str) -> dict:
        """Decide a waiting registration (DecisionIn): `approve` creates it as a new
        customer; `merge` creates it and folds it into `into` (nothing of it is lost);
        `reject` drops it. Returns the ReviewItemOut. Raises NotFound, Conflict (already
        decided), InvalidInput. Emits `review_decided` with the customer it became."""
        valid = load(DecisionIn, data)
        review_id = positive_id(review_id, "review_id")
        with self.db.transaction() as session:
            return review_decisions.decide_review(
                session, self.actor, review_id, valid, decided_by, self._region()
            )

"""Predictions (C13): who is about to stop buying, and what each customer buys next."""

from __future__ import annotations

from crm_common.clock import utcnow
from crm_common.contracts import dump, positive_id
from crm_common.contracts.customer.predictions import PredictionModelOut, PredictionOut
from crm_common.entrypoints import rpc
from services.customer import predictions
from services.customer.entrypoints import CustomerEntrypoints


class PredictionsEntrypoints(CustomerEntrypoints):
    @rpc
    def train_predictions(self, horizon_days: int = 90) -> dict:
        """Learn from the read model, judge on the held-back period, score everyone.
        Returns PredictionModelOut (its scores). For a large register use the command
        `python -m services.customer.train_predictions`."""
        horizon = positive_id(horizon_days, "horizon_days")
        with self.db.transaction() as session:
            return dump(PredictionModelOut, predictions.train(session, utcnow(), horizon))

    @rpc
    def prediction_model(self) -> dict | None:
        """The latest model's report (PredictionModelOut), or None before the first."""
        with self.db.read() as session:
            found = predictions.latest_model(session)
            return dump(PredictionModelOut, found) if found else None

    @rpc
    def prediction(self, customer_id: int) -> dict | None:
        """The customer's scores (PredictionOut), or None when the model has none."""
        with self.db.read() as session:
            found = predictions.of(session, positive_id(customer_id, "customer_id"))
            return dump(PredictionOut, found) if found else None

"""Smart selections (C10)."""

from __future__ import annotations

from crm_common.config import load_settings
from crm_common.contracts import positive_id
from crm_common.contracts.customer.customers import CustomerSummary
from crm_common.contracts.customer.predictions import PredictionModelOut
from crm_common.contracts.customer.selections import CriteriaIn, SelectionIn, SelectionOut
from crm_common.errors import NotFound
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import ADMIN
from gateway.routing import query_limit, route
from gateway.tables import FORMAT_QUERY, streamed_table, table


def _patience() -> float:
    """How long to wait for a selection: past its own time limit (the customer service
    stops the query and says why), so the answer is that reason, not a bare timeout."""
    return load_settings().selection_timeout_seconds + 5


class SelectionsRoutes(Routes):
    @route(
        "POST",
        "/api/selections/preview",
        summary="How many customers these criteria find",
        tag="selections",
        roles=STAFF,
        body=CriteriaIn,
    )
    def preview(self, req):
        """Criteria: `bought` (sku or product_group, from, to), `received_mailing`,
        `not_contacted_days`, `phone_area_code`, `postcode_range`, `industry`, `tier`,
        `country`, `job_title`, `note_contains` (word, months), combined with `all`,
        `any` and `not`. A bad criterion is a 400 naming its path."""
        return call(self.customer, "preview_selection", req.body, timeout=_patience())

    @route(
        "POST",
        "/api/selections",
        summary="Save a named selection (it runs once and says its size)",
        tag="selections",
        roles=STAFF,
        body=SelectionIn,
        response=SelectionOut,
        status=201,
        errors=(409,),
    )
    def save(self, req):
        return call(self.customer, "save_selection", req.body, req.principal.username, timeout=_patience())

    @route(
        "GET",
        "/api/selections",
        summary="Saved selections",
        tag="selections",
        roles=STAFF,
        response=SelectionOut,
        many=True,
        query={"limit": "at most (100)", "after": "the last name of the page before"},
    )
    def listed(self, req):
        """By name, a page at a time."""
        limit = min(query_limit(req.args.get("limit"), 100), 100)
        return call(self.customer, "list_selections", limit, req.args.get("after") or "")

    @route(
        "POST",
        "/api/selections/<int:selection_id>/run",
        summary="Run a saved selection again",
        tag="selections",
        roles=STAFF,
        response=SelectionOut,
        errors=(404,),
    )
    def run(self, req, selection_id):
        return call(self.customer, "run_selection", selection_id, timeout=_patience())

    @route(
        "GET",
        "/api/selections/<int:selection_id>/customers",
        summary="The customers a saved selection finds, a page at a time",
        tag="selections",
        roles=STAFF,
        response=CustomerSummary,
        many=True,
        errors=(404,),
        query={"limit": "at most (100)", "after_id": "the last id of the page before", **FORMAT_QUERY},
        raw=True,
    )
    def customers(self, req, selection_id):
        """JSON, or CSV with `format=csv` (a list to work through in a spreadsheet)."""
        after = req.args.get("after_id") or "0"
        after = 0 if after == "0" else positive_id(after, "after_id")
        limit = query_limit(req.args.get("limit"), 100)
        rows = call(self.customer, "selection_members", selection_id, limit, after, timeout=_patience())
        return table(req.args, rows, list(CustomerSummary().fields), f"selection-{selection_id}")

    @route(
        "GET",
        "/api/selections/<int:selection_id>/export",
        summary="Every customer a saved selection finds, as one CSV file",
        tag="selections",
        roles=STAFF,
        errors=(404,),
        raw=True,
        produces="text/csv",
    )
    def export(self, req, selection_id):
        """All of them, not a page: the file is written page by page as it downloads.
        Cells that a spreadsheet would take for a formula get a quote in front; the
        download is on the audit trail as `exported`."""
        customer = self.customer

        def fetch(after_id: int, limit: int) -> list[dict]:
            return call(customer, "selection_members", selection_id, limit, after_id, timeout=_patience())

        return streamed_table(fetch, list(CustomerSummary().fields), f"selection-{selection_id}")


class PredictionsRoutes(Routes):
    @route(
        "GET",
        "/api/predictions/model",
        summary="How well the predictions did on the held-back period",
        tag="selections",
        roles=STAFF,
        response=PredictionModelOut,
        errors=(404,),
    )
    def model(self, req):
        """ROC AUC of the risk of leaving, and the next product group guessed right
        against always guessing the commonest. 404 before the first training."""
        found = call(self.customer, "prediction_model")
        if found is None:
            raise NotFound("no model has been trained yet", {"model": "not trained"})
        return found

    @route(
        "POST",
        "/api/predictions/train",
        summary="Train the predictions and score every customer",
        tag="selections",
        roles=ADMIN,
        response=PredictionModelOut,
        query={"horizon_days": "how far ahead (90)"},
    )
    def train(self, req):
        """For a large register, `make train-predictions` does the same without a time
        limit. The scores show in the 360° view and in selections (`churn_risk`,
        `likely_next`)."""
        return call(
            self.customer, "train_predictions", query_limit(req.args.get("horizon_days"), 90), timeout=300
        )
